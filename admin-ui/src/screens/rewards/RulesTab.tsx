// The reward rules: points, on/off and the daily cap, each row saved on its own (admins;
// moderators see them read-only). A change asks for confirmation: it applies to every
// award from then on.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/useSession';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useFormat } from '../../components/format';
import { QueryState } from '../../components/QueryState';
import { call } from '../../gql/api';
import type { AdminRewardRulesQuery } from '../../gql/generated/graphql';
import { REWARD_RULES, UPDATE_REWARD_RULE } from './operations';

type Rule = AdminRewardRulesQuery['rewardRules'][number];
type Draft = { points: string; enabled: boolean; capped: boolean };

export function RulesTab() {
  const { t } = useTranslation();
  const format = useFormat();
  const isAdmin = useSession()?.viewer.role === 'ADMIN';
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: ['rewardRules'], queryFn: () => call(REWARD_RULES, {}) });
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [confirming, setConfirming] = useState<string | null>(null);
  const [savedKey, setSavedKey] = useState<string | null>(null);

  const draftOf = (rule: Rule): Draft =>
    drafts[rule.key] ?? { points: String(rule.points), enabled: rule.enabled, capped: rule.capped };
  const edit = (rule: Rule, change: Partial<Draft>) => setDrafts((d) => ({ ...d, [rule.key]: { ...draftOf(rule), ...change } }));
  const changed = (rule: Rule) => {
    const d = draftOf(rule);
    return Number(d.points) !== rule.points || d.enabled !== rule.enabled || d.capped !== rule.capped;
  };

  const save = useMutation({
    mutationFn: ({ key, draft }: { key: string; draft: Draft }) =>
      call(UPDATE_REWARD_RULE, {
        key,
        input: { points: Number(draft.points), enabled: draft.enabled, capped: draft.capped },
      }),
    onSuccess: async (_data, { key }) => {
      setConfirming(null);
      setSavedKey(key);
      setDrafts(({ [key]: _saved, ...rest }) => rest);
      await queryClient.invalidateQueries({ queryKey: ['rewardRules'] });
    },
    onError: () => setConfirming(null),
  });

  const rules = query.data?.rewardRules ?? [];
  const pending = rules.find((r) => r.key === confirming);
  return (
    <QueryState isPending={query.isPending} error={query.error} isEmpty={rules.length === 0} onRetry={() => void query.refetch()}>
      {!isAdmin && <p className="muted">{t('rewards.adminsOnly')}</p>}
      {save.error != null && <ErrorNotice error={save.error} />}
      {savedKey && (
        <p className="notice success" role="status" data-testid="rule-saved">
          {t('rewards.ruleSaved', { key: savedKey })}
        </p>
      )}
      <table className="list" data-testid="reward-rules">
        <thead>
          <tr>
            <th scope="col">{t('rewards.rule')}</th>
            <th scope="col" className="num">
              {t('rewards.points')}
            </th>
            <th scope="col">{t('rewards.enabled')}</th>
            <th scope="col">{t('rewards.capped')}</th>
            <th scope="col">{t('rewards.updated')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('common.save')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => {
            const d = draftOf(rule);
            const points = Number(d.points);
            const valid = d.points.trim() !== '' && Number.isInteger(points) && points >= -1000 && points <= 1000;
            return (
              <tr key={rule.key} data-rule={rule.key}>
                <th scope="row">
                  <code>{rule.key}</code>
                  <div className="muted">{t(`rewards.rules.${rule.key}` as 'rewards.rules.SIGN_UP', { defaultValue: rule.description })}</div>
                </th>
                <td className="num">
                  <input
                    type="number"
                    min={-1000}
                    max={1000}
                    step={1}
                    aria-label={t('rewards.pointsFor', { key: rule.key })}
                    aria-invalid={!valid}
                    disabled={!isAdmin}
                    value={d.points}
                    onChange={(e) => edit(rule, { points: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('rewards.enabledFor', { key: rule.key })}
                    disabled={!isAdmin}
                    checked={d.enabled}
                    onChange={(e) => edit(rule, { enabled: e.target.checked })}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('rewards.cappedFor', { key: rule.key })}
                    disabled={!isAdmin}
                    checked={d.capped}
                    onChange={(e) => edit(rule, { capped: e.target.checked })}
                  />
                </td>
                <td>{format.dateTime(rule.updatedAt)}</td>
                <td>
                  {isAdmin && (
                    <button
                      type="button"
                      disabled={!changed(rule) || !valid || save.isPending}
                      onClick={() => {
                        save.reset();
                        setSavedKey(null);
                        setConfirming(rule.key);
                      }}
                    >
                      {t('common.save')}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ConfirmDialog
        open={pending != null}
        title={pending ? t('rewards.confirmRule', { key: pending.key, points: draftOf(pending).points }) : ''}
        busy={save.isPending}
        onCancel={() => setConfirming(null)}
        onConfirm={() => pending && save.mutate({ key: pending.key, draft: draftOf(pending) })}
      />
    </QueryState>
  );
}
