use sea_orm::entity::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Kind {
    /// The creator's share of a paid enrolment.
    #[sea_orm(string_value = "SALE")]
    Sale,
    /// A refund takes the share back.
    #[sea_orm(string_value = "REFUND")]
    Refund,
    /// Money requested out (negative).
    #[sea_orm(string_value = "PAYOUT")]
    Payout,
    /// A rejected payout returns its amount.
    #[sea_orm(string_value = "PAYOUT_RETURNED")]
    PayoutReturned,
}

/// One row of a creator's money ledger (integer cents): appended, never
/// updated. The available balance is the sum of rows available by now.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "earning_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub creator_id: i64,
    pub kind: Kind,
    pub amount_cents: i64,
    pub currency: String,
    pub course_id: Option<i64>,
    pub enrollment_id: Option<i64>,
    pub payout_id: Option<i64>,
    pub available_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
