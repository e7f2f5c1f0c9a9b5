// The moderation queue: open items by weight (reporters' level × accuracy), the reported
// content in context, and one-click resolutions. Hiding, deleting and suspending ask for
// confirmation. Keyboard: j / k move, d w h x s resolve (not while typing in a field).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useFormat } from '../../components/format';
import { Pager, useCursorPages } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { useUrlFilters } from '../../components/urlState';
import { call } from '../../gql/api';
import type {
  AdminModerationQueueQuery,
  ModerationItemStatus,
  ModerationResolution,
  ModerationSource,
  ModerationTargetType,
  ReportReason,
} from '../../gql/generated/graphql';
import { MODERATION_ITEM, MODERATION_QUEUE, RESOLVE_REPORT } from './operations';

type Item = AdminModerationQueueQuery['moderationQueue']['nodes'][number];

const STATUSES: ModerationItemStatus[] = ['OPEN', 'RESOLVED'];
const SOURCES: ModerationSource[] = ['REPORTS', 'NOVICE_LINKS', 'VOTE_RING', 'WATCHED_WORD'];
const TARGETS: ModerationTargetType[] = ['THREAD', 'ANSWER', 'COMMENT', 'USER'];
const REASONS: ReportReason[] = ['SPAM', 'ABUSIVE', 'OFF_TOPIC', 'LOW_QUALITY', 'OTHER'];
const ACTIONS: { action: ModerationResolution; key: string; destructive: boolean }[] = [
  { action: 'DISMISS', key: 'd', destructive: false },
  { action: 'WARN_USER', key: 'w', destructive: false },
  { action: 'HIDE_CONTENT', key: 'h', destructive: true },
  { action: 'DELETE_CONTENT', key: 'x', destructive: true },
  { action: 'SUSPEND_USER', key: 's', destructive: true },
];
const POST_ONLY: ModerationResolution[] = ['HIDE_CONTENT', 'DELETE_CONTENT'];
const PAGE_SIZE = 25;

function isPost(item: Item) {
  return item.thread != null || item.answer != null || item.comment != null;
}

function available(item: Item, action: ModerationResolution) {
  if (item.status !== 'OPEN') return false;
  if (POST_ONLY.includes(action)) return isPost(item);
  if (action === 'SUSPEND_USER' || action === 'WARN_USER') return item.user != null;
  return true;
}

function typingInField(target: EventTarget | null) {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

export function ModerationQueuePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const { params, setFilter } = useUrlFilters();
  const filter = {
    status: (params.get('status') as ModerationItemStatus | null) ?? 'OPEN',
    source: (params.get('source') as ModerationSource | null) ?? undefined,
    targetType: (params.get('targetType') as ModerationTargetType | null) ?? undefined,
    reason: (params.get('reason') as ReportReason | null) ?? undefined,
  };
  const pages = useCursorPages();
  const { reset } = pages;
  useEffect(reset, [filter.status, filter.source, filter.targetType, filter.reason, reset]);

  const query = useQuery({
    queryKey: ['moderationQueue', filter, pages.after],
    queryFn: () => call(MODERATION_QUEUE, { first: PAGE_SIZE, after: pages.after, filter }),
    placeholderData: keepPreviousData,
  });
  const items = query.data?.moderationQueue.nodes ?? [];
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = items.find((i) => i.id === selectedId) ?? items[0];

  const [note, setNote] = useState('');
  const [suspendDays, setSuspendDays] = useState(7);
  const [confirming, setConfirming] = useState<ModerationResolution | null>(null);
  const [lastDone, setLastDone] = useState<ModerationResolution | null>(null);

  const resolve = useMutation({
    mutationFn: ({ item, action }: { item: Item; action: ModerationResolution }) =>
      call(RESOLVE_REPORT, {
        itemId: item.id,
        action,
        note: note.trim() || undefined,
        suspendDays: action === 'SUSPEND_USER' ? suspendDays : undefined,
      }),
    onSuccess: async (_data, { item, action }) => {
      setConfirming(null);
      setLastDone(action);
      setNote('');
      // Move on to the next item in the list.
      const index = items.findIndex((i) => i.id === item.id);
      setSelectedId(items[index + 1]?.id ?? items[index - 1]?.id ?? null);
      await queryClient.invalidateQueries({ queryKey: ['moderationQueue'] });
      await queryClient.invalidateQueries({ queryKey: ['moderationItem', item.id] });
    },
    onError: () => setConfirming(null),
  });

  const run = (action: ModerationResolution) => {
    if (!selected || !available(selected, action) || resolve.isPending) return;
    resolve.reset();
    setLastDone(null);
    if (ACTIONS.find((a) => a.action === action)?.destructive) setConfirming(action);
    else resolve.mutate({ item: selected, action });
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || typingInField(event.target) || confirming) return;
      const index = selected ? items.findIndex((i) => i.id === selected.id) : -1;
      if (event.key === 'j' && index + 1 < items.length) setSelectedId(items[index + 1].id);
      else if (event.key === 'k' && index > 0) setSelectedId(items[index - 1].id);
      else {
        const action = ACTIONS.find((a) => a.key === event.key)?.action;
        if (!action) return;
        run(action);
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const select = (name: string, value: string | undefined, options: string[], label: (v: string) => string, any = true) => (
    <label>
      <span>{t(`moderation.${name}` as 'moderation.status')}</span>
      <select name={name} value={value ?? ''} onChange={(e) => setFilter(name, e.target.value)}>
        {any && <option value="">{t('common.any')}</option>}
        {options.map((o) => (
          <option key={o} value={o}>
            {label(o)}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section aria-labelledby="moderation-heading">
      <h2 id="moderation-heading">{t('moderation.heading')}</h2>
      <p className="muted">{t('moderation.shortcuts')}</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        {select('status', filter.status, STATUSES, (s) => t(`moderation.itemStatuses.${s as ModerationItemStatus}`), false)}
        {select('source', filter.source, SOURCES, (s) => t(`moderation.sources.${s as ModerationSource}`))}
        {select('targetType', filter.targetType, TARGETS, (s) => t(`moderation.targets.${s as ModerationTargetType}`))}
        {select('reason', filter.reason, REASONS, (s) => t(`moderation.reasons.${s as ReportReason}`))}
      </form>
      {resolve.error != null && <ErrorNotice error={resolve.error} />}
      {lastDone && (
        <p className="notice success" role="status" data-testid="resolved">
          {t('moderation.done', { action: t(`moderation.actions.${lastDone}`) })}
        </p>
      )}
      <QueryState
        isPending={query.isPending}
        error={query.error}
        isEmpty={items.length === 0}
        emptyText={t('moderation.empty')}
        onRetry={() => void query.refetch()}
      >
        <div className="split">
          <div>
            <ol className="queue" aria-label={t('moderation.heading')}>
              {items.map((item) => (
                <li key={item.id}>
                  <button
                    type="button"
                    className="queue-item"
                    aria-current={item.id === selected?.id}
                    data-item-id={item.id}
                    onClick={() => setSelectedId(item.id)}
                  >
                    <strong>{t(`moderation.targets.${item.targetType}`)}</strong>{' '}
                    <span className="muted">{t(`moderation.sources.${item.source}`)}</span>
                    <span className="excerpt">{excerpt(item)}</span>
                    <span className="meta">
                      {t('moderation.weight')} {format.number(item.weight, { maximumFractionDigits: 1 })} ·{' '}
                      {t('moderation.reports')} {format.number(item.reportCount)}
                      {item.topReason && ` · ${t(`moderation.reasons.${item.topReason}`)}`}
                    </span>
                  </button>
                </li>
              ))}
            </ol>
            <Pager pages={pages} pageInfo={query.data?.moderationQueue.pageInfo} label={t('moderation.heading')} />
          </div>
          {selected ? <ItemDetail id={selected.id} /> : <p className="muted">{t('moderation.select')}</p>}
        </div>
        {selected && selected.status === 'OPEN' && (
          <div className="resolve card" aria-label={t('moderation.heading')}>
            <label>
              <span>{t('moderation.note')}</span>
              <input name="note" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
            </label>
            {available(selected, 'SUSPEND_USER') && (
              <label>
                <span>{t('moderation.suspendDays')}</span>
                <input
                  name="suspendDays"
                  type="number"
                  min={1}
                  max={3650}
                  value={suspendDays}
                  onChange={(e) => setSuspendDays(Math.max(1, Math.min(3650, Number(e.target.value) || 1)))}
                />
              </label>
            )}
            <div className="actions">
              {ACTIONS.filter((a) => available(selected, a.action)).map((a) => (
                <button
                  key={a.action}
                  type="button"
                  className={a.destructive ? 'danger' : undefined}
                  data-action={a.action}
                  aria-keyshortcuts={a.key}
                  disabled={resolve.isPending}
                  onClick={() => run(a.action)}
                >
                  {t(`moderation.actions.${a.action}`)} <kbd>{a.key}</kbd>
                </button>
              ))}
            </div>
          </div>
        )}
      </QueryState>
      <ConfirmDialog
        open={confirming != null}
        title={confirming ? t('moderation.confirmAction', { action: t(`moderation.actions.${confirming}`) }) : ''}
        confirmLabel={confirming ? t(`moderation.actions.${confirming}`) : undefined}
        destructive
        busy={resolve.isPending}
        onCancel={() => setConfirming(null)}
        onConfirm={() => selected && confirming && resolve.mutate({ item: selected, action: confirming })}
      />
    </section>
  );
}

/** The reported post itself (an answer's item also names its thread). */
function postText(item: Item): string | null | undefined {
  switch (item.targetType) {
    case 'THREAD':
      return item.thread?.title;
    case 'ANSWER':
      return item.answer?.body;
    case 'COMMENT':
      return item.comment?.body;
    default:
      return undefined;
  }
}

function excerpt(item: Item): string {
  const text = postText(item) ?? item.detail ?? item.user?.username ?? '';
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

function ItemDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const query = useQuery({ queryKey: ['moderationItem', id], queryFn: () => call(MODERATION_ITEM, { id }) });
  const item = query.data?.moderationItem;
  if (!item)
    return (
      <QueryState isPending={query.isPending} error={query.error} onRetry={() => void query.refetch()}>
        {null}
      </QueryState>
    );
  const post = item.comment ?? item.answer ?? item.thread;
  const threadTitle = item.thread?.title ?? item.answer?.thread.title ?? item.comment?.thread.title;
  return (
    <article className="card detail" data-testid="moderation-detail" data-item-id={item.id}>
      {threadTitle && <h3>{t('moderation.inThread', { title: threadTitle })}</h3>}
      {item.comment?.answer && <p className="muted">{t('moderation.onAnswer')}</p>}
      {post && <blockquote className="content">{post.body ?? '—'}</blockquote>}
      {item.detail && <p>{item.detail}</p>}
      {item.autoHidden && <p className="muted">{t('moderation.autoHidden')}</p>}
      {item.user && (
        <p>
          {t('moderation.author')}:{' '}
          <Link to={`/users/${encodeURIComponent(item.user.id)}`}>@{item.user.username}</Link>{' '}
          <span className="muted">({t(`statuses.${item.user.status}`)})</span>
        </p>
      )}
      {item.relatedUser && <p>{t('moderation.related', { user: `@${item.relatedUser.username}` })}</p>}
      {item.authorHistory && <p className="muted">{t('moderation.authorHistory', item.authorHistory)}</p>}
      {item.status === 'RESOLVED' && item.resolution && (
        <p>
          {t('moderation.resolvedAs', {
            resolution: t(`moderation.actions.${item.resolution}`),
            user: item.resolvedBy?.username ?? '—',
          })}{' '}
          {format.dateTime(item.resolvedAt)}
          {item.resolutionNote && ` — ${item.resolutionNote}`}
        </p>
      )}
      {item.reports.nodes.length > 0 && (
        <>
          <h4>{t('moderation.reportList')} ({format.number(item.reports.totalCount)})</h4>
          <ul>
            {item.reports.nodes.map((r) => (
              <li key={r.id}>
                {t('moderation.reportedBy', {
                  reason: t(`moderation.reasons.${r.reason}`),
                  user: r.reporter ? `@${r.reporter.username}` : t('common.deletedUser'),
                })}{' '}
                <span className="muted">{format.dateTime(r.createdAt)}</span>
                {r.note && <q>{r.note}</q>}
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}
