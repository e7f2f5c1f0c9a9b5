// Rewards, in four tabs: the rules (admins edit points, on/off and the daily cap), any
// member's ledger with filters, the leaderboard, and creators' payout requests to pay or
// reject. The tab is in the URL.
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { LeaderboardTab } from './LeaderboardTab';
import { LedgerTab } from './LedgerTab';
import { PayoutsTab } from './PayoutsTab';
import { RulesTab } from './RulesTab';

const TABS = ['rules', 'ledger', 'leaderboard', 'payouts'] as const;
type Tab = (typeof TABS)[number];

export function RewardsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.find((x) => x === params.get('tab')) ?? 'rules';
  return (
    <section aria-labelledby="rewards-heading">
      <h2 id="rewards-heading">{t('rewards.heading')}</h2>
      <div role="tablist" className="tabs" aria-label={t('rewards.heading')}>
        {TABS.map((x) => (
          <button
            key={x}
            type="button"
            role="tab"
            id={`tab-${x}`}
            aria-selected={tab === x}
            aria-controls={`panel-${x}`}
            onClick={() => setParams({ tab: x }, { replace: true })}
          >
            {t(`rewards.tabs.${x}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'rules' && <RulesTab />}
        {tab === 'ledger' && <LedgerTab />}
        {tab === 'leaderboard' && <LeaderboardTab />}
        {tab === 'payouts' && <PayoutsTab />}
      </div>
    </section>
  );
}
