//! Rewards over GraphQL: thin resolvers over `services::rewards`. Each part
//! (the ledger and its rules, badges, certification, earnings) has its own
//! module and query/mutation objects, merged here.

pub mod adjustments;
pub mod badges;
pub mod certifications;
pub mod earnings;
pub mod history;
pub mod ledger;

use async_graphql::MergedObject;

#[derive(MergedObject, Default)]
pub struct RewardsQuery(
    ledger::LedgerQuery,
    certifications::CertificationsQuery,
    earnings::EarningsQuery,
    history::HistoryQuery,
    badges::BadgesQuery,
);

#[derive(MergedObject, Default)]
pub struct RewardsMutation(
    ledger::LedgerMutation,
    adjustments::AdjustmentsMutation,
    certifications::CertificationsMutation,
    earnings::EarningsMutation,
);
