//! The demo's moderation: watched words, members' reports on a few recent
//! posts (grouped and weighed by the real service, so some are hidden by
//! their reports' weight), and a few items already resolved, so the queue
//! and the moderation log have something to show.

use chrono::{DateTime, Duration, Utc};
use entity::{
    answers,
    moderation_items::{Resolution, TargetType},
    reports::Reason,
    threads, users,
    watched_words::Action as WordAction,
};
use sea_orm::{
    ColumnTrait, EntityTrait, ExprTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, Query},
};

use crate::{
    auth::Viewer,
    services::{
        Db,
        moderation::{
            ModerationSettings,
            automod::{matcher::WatchedWordsCache, words},
            reports::{self, NewReport},
            resolve::{self, Decision},
        },
        rewards::RewardSettings,
    },
};

#[derive(Debug, Default)]
pub struct Summary {
    pub reports: usize,
    pub resolved: usize,
    pub watched_words: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} reports ({} items resolved), {} watched words",
            self.reports, self.resolved, self.watched_words
        )
    }
}

const WATCHED: &[(&str, WordAction)] = &[
    ("casino bonus", WordAction::Hold),
    ("buy followers", WordAction::Block),
    ("代写论文", WordAction::Block),
];

const REASONS: &[(Reason, Option<&str>)] = &[
    (Reason::Spam, None),
    (Reason::OffTopic, None),
    (
        Reason::LowQuality,
        Some("copied from the docs without attribution"),
    ),
    (Reason::Abusive, None),
    (Reason::Other, Some("links to a paid course elsewhere")),
];

fn viewer(user: users::Model) -> Viewer {
    Viewer {
        user,
        session_id: 0,
    }
}

async fn demo_user(db: &impl Db, username: &str) -> anyhow::Result<Viewer> {
    users::Entity::find()
        .filter(users::Column::Username.eq(username))
        .one(db)
        .await?
        .map(viewer)
        .ok_or_else(|| anyhow::anyhow!("the demo account {username} is missing"))
}

/// Seeds the demo's moderation through the services, at `now`.
pub async fn seed(
    db: &impl Db,
    rewards: &RewardSettings,
    settings: &ModerationSettings,
    now: DateTime<Utc>,
) -> anyhow::Result<Summary> {
    let fail = |what: &str, err: crate::error::ApiError| anyhow::anyhow!("seeding {what}: {err}");
    let mut summary = Summary::default();
    let moderator = demo_user(db, "moderator").await?;
    let cache = WatchedWordsCache::default();
    for &(word, action) in WATCHED {
        words::add(db, &moderator, word, action, &cache, now)
            .await
            .map_err(|err| fail("a watched word", err))?;
        summary.watched_words += 1;
    }

    let mut reporters = Vec::new();
    for name in ["learner_ana", "learner_ben", "learner_chen", "learner_dia"] {
        reporters.push(demo_user(db, name).await?);
    }
    let reporter_ids: Vec<i64> = reporters.iter().map(Viewer::id).collect();
    // Recent community posts by members other than the reporters.
    let thread_ids: Vec<i64> = threads::Entity::find()
        .select_only()
        .column(threads::Column::Id)
        .filter(threads::Column::CourseId.is_null())
        .filter(threads::Column::DeletedAt.is_null())
        .filter(threads::Column::AuthorId.is_not_in(reporter_ids.clone()))
        .order_by_desc(threads::Column::Id)
        .limit(5)
        .into_tuple()
        .all(db)
        .await?;
    let answer_ids: Vec<i64> = answers::Entity::find()
        .select_only()
        .column(answers::Column::Id)
        .filter(
            answers::Column::ThreadId.in_subquery(
                Query::select()
                    .column(threads::Column::Id)
                    .from(threads::Entity)
                    .and_where(Expr::col(threads::Column::CourseId).is_null())
                    .to_owned(),
            ),
        )
        .filter(answers::Column::DeletedAt.is_null())
        .filter(answers::Column::AuthorId.is_not_in(reporter_ids))
        // Reports may hide those threads, and their answers with them.
        .filter(answers::Column::ThreadId.is_not_in(thread_ids.clone()))
        .order_by_desc(answers::Column::Id)
        .limit(4)
        .into_tuple()
        .all(db)
        .await?;
    let targets = thread_ids
        .into_iter()
        .map(|id| (TargetType::Thread, id))
        .chain(answer_ids.into_iter().map(|id| (TargetType::Answer, id)));
    let mut items = Vec::new();
    for (n, (target_type, target_id)) in targets.enumerate() {
        let (reason, note) = REASONS[n % REASONS.len()];
        // One or two reporters, an hour apart: two experienced reporters
        // weigh enough to hide a post until it is reviewed, after which
        // members can no longer see (or report) it.
        for (k, reporter) in reporters.iter().take(1 + n % 2).enumerate() {
            let at = now - Duration::hours(Ord::max(12 - n as i64 - k as i64, 1));
            let report = reports::report(
                db,
                reporter,
                rewards,
                settings,
                NewReport {
                    target_type,
                    target_id,
                    reason,
                    note: note.map(str::to_owned),
                },
                at,
            )
            .await
            .map_err(|err| fail("a report", err))?;
            summary.reports += 1;
            if k == 0 {
                items.push(report.value.item_id);
            }
        }
    }
    for (item_id, resolution) in items.into_iter().zip([
        Resolution::Dismiss,
        Resolution::HideContent,
        Resolution::WarnUser,
    ]) {
        resolve::resolve(
            db,
            &moderator,
            rewards,
            item_id,
            Decision {
                resolution,
                note: Some("reviewed in the demo".to_owned()),
                suspend_days: None,
            },
            now,
        )
        .await
        .map_err(|err| fail("a resolution", err))?;
        summary.resolved += 1;
    }
    Ok(summary)
}
