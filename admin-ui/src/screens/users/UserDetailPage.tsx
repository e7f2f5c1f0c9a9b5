// A member's profile for staff: role, status, level and points, badges, certifications and
// the points history; actions to change the role (admins), suspend or lift a suspension,
// and certify as expert or revoke it. Each action asks for confirmation and reports back.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useSession } from '../../auth/useSession';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useFormat } from '../../components/format';
import { Pager, useCursorPages } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { call } from '../../gql/api';
import { GraphQLRequestError } from '../../gql/client';
import type { UserRole } from '../../gql/generated/graphql';
import { ADJUST_POINTS, CERTIFY, REVOKE_CERTIFICATION, SET_ROLE, SUSPEND, UNSUSPEND, USER_DETAIL } from './operations';
import { ModerationHistory } from './ModerationHistory';
import { ROLES } from './UsersPage';

type Pending =
  | { kind: 'role'; role: UserRole }
  | { kind: 'suspend'; reason: string; until: string }
  | { kind: 'unsuspend' }
  | { kind: 'certify'; tags: string[]; note: string }
  | { kind: 'revoke'; reason: string }
  // The key is made once per adjustment typed, so a retry after a network failure adjusts once.
  | { kind: 'adjust'; points: number; reason: string; key: string };

/** `datetime-local` value (local time) → RFC 3339 (UTC). */
function localToIso(value: string): string | undefined {
  return value ? new Date(value).toISOString() : undefined;
}

export function UserDetailPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = '' } = useParams();
  const viewer = useSession()?.viewer;
  const queryClient = useQueryClient();
  const history = useCursorPages();
  const query = useQuery({
    queryKey: ['user', id, history.after],
    queryFn: () => call(USER_DETAIL, { id, historyAfter: history.after }),
  });
  const user = query.data?.node?.__typename === 'User' ? query.data.node : undefined;

  const [role, setRole] = useState<UserRole | ''>('');
  const [suspendReason, setSuspendReason] = useState('');
  const [suspendUntil, setSuspendUntil] = useState('');
  const [certifyTags, setCertifyTags] = useState('');
  const [certifyNote, setCertifyNote] = useState('');
  const [revokeReason, setRevokeReason] = useState('');
  const [adjustPoints, setAdjustPoints] = useState('');
  const [adjustReason, setAdjustReason] = useState('');
  const [adjustKey, setAdjustKey] = useState(() => crypto.randomUUID());
  const [adjustedBy, setAdjustedBy] = useState<number | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [done, setDone] = useState(false);

  const action = useMutation({
    mutationFn: async (p: Pending) => {
      switch (p.kind) {
        case 'role':
          return call(SET_ROLE, { userId: id, role: p.role });
        case 'suspend':
          return call(SUSPEND, { input: { userId: id, reason: p.reason, until: localToIso(p.until) } });
        case 'unsuspend':
          return call(UNSUSPEND, { userId: id });
        case 'certify':
          return call(CERTIFY, { userId: id, tags: p.tags, note: p.note || undefined });
        case 'revoke':
          return call(REVOKE_CERTIFICATION, { userId: id, reason: p.reason });
        case 'adjust':
          return call(ADJUST_POINTS, {
            input: { userId: id, points: p.points, reason: p.reason, idempotencyKey: p.key },
          });
      }
    },
    onSuccess: async (data, p) => {
      setPending(null);
      setDone(true);
      // Clear only what was sent, so a failure keeps what was typed.
      if (p.kind === 'suspend') {
        setSuspendReason('');
        setSuspendUntil('');
      } else if (p.kind === 'certify') {
        setCertifyTags('');
        setCertifyNote('');
      } else if (p.kind === 'revoke') setRevokeReason('');
      else if (p.kind === 'adjust') {
        setAdjustPoints('');
        setAdjustReason('');
        setAdjustKey(crypto.randomUUID());
        if (data && 'adjustPoints' in data) setAdjustedBy(data.adjustPoints.credited);
      }
      await queryClient.invalidateQueries({ queryKey: ['user', id] });
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      await queryClient.invalidateQueries({ queryKey: ['moderationLog'] });
    },
    onError: () => setPending(null),
  });

  const ask = (p: Pending) => {
    action.reset();
    setDone(false);
    setAdjustedBy(null);
    setPending(p);
  };

  const confirmText = (p: Pending, username: string) => {
    switch (p.kind) {
      case 'role':
        return t('users.changeRoleConfirm', { username, role: t(`roles.${p.role}`) });
      case 'suspend':
        return t('users.suspendConfirm', { username });
      case 'unsuspend':
        return t('users.unsuspendConfirm', { username });
      case 'certify':
        return t('users.certify');
      case 'revoke':
        return t('users.revokeConfirm', { username });
      case 'adjust':
        return t('users.adjustConfirm', { username, points: format.number(p.points, { signDisplay: 'always' }) });
    }
  };

  return (
    <section aria-labelledby="user-heading">
      <p>
        <Link to="/users">← {t('users.back')}</Link>
      </p>
      <QueryState isPending={query.isPending} error={query.error} onRetry={() => void query.refetch()}>
        {!user ? (
          <ErrorNotice error={new GraphQLRequestError('', { code: 'NOT_FOUND' })} />
        ) : (
          <>
            <h2 id="user-heading">
              {user.displayName} <span className="muted">@{user.username}</span>
            </h2>
            <dl className="facts" data-testid="user-facts">
              <dt>{t('users.email')}</dt>
              <dd>{user.email ?? '—'}</dd>
              <dt>{t('users.role')}</dt>
              <dd data-testid="user-role">{t(`roles.${user.role}`)}</dd>
              <dt>{t('users.status')}</dt>
              <dd data-testid="user-status">
                {t(`statuses.${user.status}`)}
                {user.suspension &&
                  ` — ${
                    user.suspension.until
                      ? t('users.suspendedUntil', {
                          until: format.dateTime(user.suspension.until),
                          reason: user.suspension.reason,
                        })
                      : t('users.suspendedIndefinitely', { reason: user.suspension.reason })
                  }`}
              </dd>
              <dt>{t('users.level')}</dt>
              <dd>{t(`levels.${user.level}`)}</dd>
              <dt>{t('users.points')}</dt>
              <dd>{format.number(user.points)}</dd>
              <dt>{t('users.joined')}</dt>
              <dd>{format.dateTime(user.createdAt)}</dd>
            </dl>

            {action.error != null && <ErrorNotice error={action.error} />}
            {done && (
              <p className="notice success" role="status" data-testid="action-done">
                {adjustedBy != null
                  ? t('users.adjusted', { credited: format.number(adjustedBy, { signDisplay: 'always' }) })
                  : t('common.saved')}
              </p>
            )}

            <div className="panels">
              {viewer?.role === 'ADMIN' && (
                <form
                  className="card"
                  aria-label={t('users.changeRole')}
                  onSubmit={(e) => {
                    e.preventDefault();
                    if (role && role !== user.role) ask({ kind: 'role', role });
                  }}
                >
                  <h3>{t('users.changeRole')}</h3>
                  <label>
                    <span>{t('users.role')}</span>
                    <select name="role" value={role || user.role} onChange={(e) => setRole(e.target.value as UserRole)}>
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {t(`roles.${r}`)}
                        </option>
                      ))}
                    </select>
                  </label>
                  <button type="submit">{t('users.changeRole')}</button>
                </form>
              )}

              {user.status === 'SUSPENDED' ? (
                <div className="card">
                  <h3>{t('users.unsuspend')}</h3>
                  <button type="button" onClick={() => ask({ kind: 'unsuspend' })}>
                    {t('users.unsuspend')}
                  </button>
                </div>
              ) : (
                user.status === 'ACTIVE' && (
                  <form
                    className="card"
                    aria-label={t('users.suspend')}
                    onSubmit={(e) => {
                      e.preventDefault();
                      ask({ kind: 'suspend', reason: suspendReason.trim(), until: suspendUntil });
                    }}
                  >
                    <h3>{t('users.suspend')}</h3>
                    <label>
                      <span>{t('users.suspendReason')}</span>
                      <input
                        name="suspendReason"
                        required
                        maxLength={500}
                        value={suspendReason}
                        onChange={(e) => setSuspendReason(e.target.value)}
                      />
                    </label>
                    <label>
                      <span>{t('users.suspendUntil')}</span>
                      <input
                        name="suspendUntil"
                        type="datetime-local"
                        value={suspendUntil}
                        onChange={(e) => setSuspendUntil(e.target.value)}
                      />
                    </label>
                    <button type="submit" className="danger">
                      {t('users.suspend')}
                    </button>
                  </form>
                )
              )}

              {viewer?.role === 'ADMIN' && (
                <form
                  className="card"
                  aria-label={t('users.adjust')}
                  onSubmit={(e) => {
                    e.preventDefault();
                    const points = Number(adjustPoints);
                    if (Number.isInteger(points) && points !== 0 && adjustReason.trim())
                      ask({ kind: 'adjust', points, reason: adjustReason.trim(), key: adjustKey });
                  }}
                >
                  <h3>{t('users.adjust')}</h3>
                  <label>
                    <span>{t('users.adjustPoints')}</span>
                    <input
                      name="adjustPoints"
                      type="number"
                      step={1}
                      min={-10000}
                      max={10000}
                      required
                      value={adjustPoints}
                      onChange={(e) => {
                        setAdjustPoints(e.target.value);
                        setAdjustKey(crypto.randomUUID());
                      }}
                    />
                  </label>
                  <label>
                    <span>{t('users.adjustReason')}</span>
                    <input
                      name="adjustReason"
                      required
                      maxLength={500}
                      value={adjustReason}
                      onChange={(e) => {
                        setAdjustReason(e.target.value);
                        setAdjustKey(crypto.randomUUID());
                      }}
                    />
                  </label>
                  <button type="submit">{t('users.adjust')}</button>
                </form>
              )}

              <form
                className="card"
                aria-label={t('users.certify')}
                onSubmit={(e) => {
                  e.preventDefault();
                  const tags = certifyTags
                    .split(/[,，]/)
                    .map((s) => s.trim())
                    .filter(Boolean);
                  if (tags.length) ask({ kind: 'certify', tags, note: certifyNote.trim() });
                }}
              >
                <h3>{t('users.certify')}</h3>
                <label>
                  <span>{t('users.certifyTags')}</span>
                  <input name="certifyTags" required value={certifyTags} onChange={(e) => setCertifyTags(e.target.value)} />
                </label>
                <label>
                  <span>{t('users.certifyNote')}</span>
                  <input name="certifyNote" value={certifyNote} onChange={(e) => setCertifyNote(e.target.value)} />
                </label>
                <button type="submit">{t('users.certify')}</button>
              </form>
            </div>

            <h3>{t('users.certifications')}</h3>
            {user.certifications.length === 0 ? (
              <p className="muted">{t('users.noCertifications')}</p>
            ) : (
              <ul data-testid="certifications">
                {user.certifications.map((c) => (
                  <li key={c.id}>
                    {t('users.certifiedIn', { tags: c.tags.join(', ') })} — {format.date(c.grantedAt)}
                    {!c.inForce && ` (${t('users.revoked')}: ${c.revokeReason ?? ''})`}
                  </li>
                ))}
              </ul>
            )}
            {user.certifications.some((c) => c.inForce) && (
              <form
                className="inline"
                onSubmit={(e) => {
                  e.preventDefault();
                  ask({ kind: 'revoke', reason: revokeReason.trim() });
                }}
              >
                <label>
                  <span>{t('users.revokeReason')}</span>
                  <input name="revokeReason" required value={revokeReason} onChange={(e) => setRevokeReason(e.target.value)} />
                </label>
                <button type="submit" className="danger">
                  {t('users.revoke')}
                </button>
              </form>
            )}

            <h3>{t('users.badges')}</h3>
            {user.badges.length === 0 ? (
              <p className="muted">{t('users.noBadges')}</p>
            ) : (
              <ul className="chips">
                {user.badges.map((b) => (
                  <li key={`${b.badge.key}-${b.awardedAt}`} title={format.dateTime(b.awardedAt)}>
                    {t(`users.badgeNames.${b.badge.key}` as 'users.badgeNames.DEDICATED', { defaultValue: b.badge.name })}
                  </li>
                ))}
              </ul>
            )}

            <ModerationHistory userId={user.id} />

            <h3>{t('users.history')}</h3>
            {user.rewards.nodes.length === 0 ? (
              <p className="muted">{t('users.noHistory')}</p>
            ) : (
              <>
                <table className="list">
                  <tbody>
                    {user.rewards.nodes.map((r) => (
                      <tr key={r.id}>
                        <td>{format.dateTime(r.createdAt)}</td>
                        <td>{r.rule}</td>
                        <td className="num">{format.number(r.points, { signDisplay: 'always' })}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <Pager pages={history} pageInfo={user.rewards.pageInfo} label={t('users.history')} />
              </>
            )}

            <ConfirmDialog
              open={pending != null}
              title={pending ? confirmText(pending, user.username) : ''}
              destructive={pending?.kind === 'suspend' || pending?.kind === 'revoke' || (pending?.kind === 'adjust' && pending.points < 0)}
              busy={action.isPending}
              onCancel={() => setPending(null)}
              onConfirm={() => pending && action.mutate(pending)}
            />
          </>
        )}
      </QueryState>
    </section>
  );
}
