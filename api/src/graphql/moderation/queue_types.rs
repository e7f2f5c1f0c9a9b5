//! The moderation queue's API types: items, reports and their enums.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::{
    moderation_items::{self, TargetType},
    reports,
};

use super::log::ModerationTargetType;
use crate::{
    graphql::{
        accounts::types::{User, load_user},
        community::{
            posts::{Answer, Comment},
            threads::{Thread, load_thread},
        },
        context::ContextExt,
        errors::GqlResult,
        ids::{self, NodeKind},
        pagination::{self, CountedConnection},
    },
    services::moderation::{
        queue::{self as queue_service, AuthorHistory as History},
        reports::sees_reporters,
    },
};

/// Why a member reports something.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "entity::reports::Reason")]
pub enum ReportReason {
    /// Advertising or repeated unwanted posts.
    Spam,
    /// Insults, harassment or hate.
    Abusive,
    /// Not about the thread's or course's subject.
    OffTopic,
    /// Too poor to be useful.
    LowQuality,
    /// Something else: the note says what.
    Other,
}

/// Whether a queue item still waits for a moderator.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "entity::moderation_items::Status")]
pub enum ModerationItemStatus {
    /// Waiting for review.
    Open,
    /// A moderator resolved it.
    Resolved,
}

/// How an item came into the queue.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "entity::moderation_items::Source")]
pub enum ModerationSource {
    /// Members reported the target.
    Reports,
    /// Auto-moderation held a post with a watched word.
    WatchedWord,
    /// Auto-moderation held a Novice member's post with links.
    NoviceLinks,
    /// Two users who vote for each other (`user` and `relatedUser`).
    VoteRing,
}

/// What a moderator does with a queue item.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "entity::moderation_items::Resolution")]
pub enum ModerationResolution {
    /// Nothing wrong: reports are dismissed, a post hidden by reports or
    /// held for review is shown again.
    Dismiss,
    /// Hide the post from members (posts only).
    HideContent,
    /// Tombstone the post; its points are taken back (posts only).
    DeleteContent,
    /// Tell the author (or the reported user) they broke the rules.
    WarnUser,
    /// Suspend the author (or the reported user) for `suspendDays`.
    SuspendUser,
}

/// A report's outcome.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "entity::reports::Status")]
pub enum ReportStatus {
    /// Its item is not resolved yet.
    Open,
    /// The moderator acted on the target.
    Upheld,
    /// The moderator found nothing wrong.
    Dismissed,
}

/// The queue's order.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum ModerationQueueOrder {
    /// Heaviest reports first.
    #[default]
    Weight,
    /// First queued first.
    Oldest,
    /// Last queued first.
    Newest,
}

/// A report (flag) of a thread, answer, comment or user.
#[derive(InputObject)]
pub struct ReportInput {
    /// The thread, answer, comment or user reported.
    pub target_id: ID,
    pub reason: ReportReason,
    /// Up to 500 characters; required when the reason is OTHER.
    pub note: Option<String>,
}

/// Which queue items to list; all given conditions must hold.
#[derive(InputObject, Default)]
pub struct ModerationQueueFilter {
    /// OPEN when omitted.
    pub status: Option<ModerationItemStatus>,
    /// Items with at least one report giving this reason.
    pub reason: Option<ReportReason>,
    pub target_type: Option<ModerationTargetType>,
    pub source: Option<ModerationSource>,
}

/// A member's report.
pub struct Report(pub reports::Model);

#[Object]
impl Report {
    async fn id(&self) -> ID {
        ids::encode(NodeKind::Report, self.0.id)
    }

    async fn reason(&self) -> ReportReason {
        self.0.reason.into()
    }

    /// The reporter's note.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }

    async fn status(&self) -> ReportStatus {
        self.0.status.into()
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// Who reported it: staff only, null for others.
    async fn reporter(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        if !sees_reporters(ctx.viewer_opt()) {
            return Ok(None);
        }
        load_user(ctx, self.0.reporter_id).await.map(Some)
    }
}

/// What a user has posted and what moderators did about it.
#[derive(SimpleObject)]
pub struct AuthorHistory {
    /// Threads they started (tombstones included).
    pub threads: i64,
    /// Answers they wrote (tombstones included).
    pub answers: i64,
    /// Comments they wrote (tombstones included).
    pub comments: i64,
    /// Their posts hidden now (by moderators, reports or holds).
    pub hidden_posts: i64,
    /// Upheld reports against them or their posts.
    pub upheld_reports: i64,
    /// Times they were suspended.
    pub suspensions: i64,
}

impl From<History> for AuthorHistory {
    fn from(h: History) -> Self {
        AuthorHistory {
            threads: h.threads,
            answers: h.answers,
            comments: h.comments,
            hidden_posts: h.hidden_posts,
            upheld_reports: h.upheld_reports,
            suspensions: h.suspensions,
        }
    }
}

/// One target's place in the moderation queue: its reports grouped, a post
/// auto-moderation held, or a suspected vote ring (staff).
pub struct ModerationItem(pub moderation_items::Model);

impl ModerationItem {
    /// The user the item is about: the reported user, or the post's author.
    async fn subject(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<i64>> {
        Ok(match self.0.target_type {
            TargetType::User => Some(self.0.target_id),
            TargetType::Thread => Some(load_thread(ctx, self.0.target_id).await?.author_id),
            TargetType::Answer => ctx
                .loaders()
                .answers
                .load_one(self.0.target_id)
                .await
                .gql()?
                .map(|a| a.author_id),
            TargetType::Comment => ctx
                .loaders()
                .comments
                .load_one(self.0.target_id)
                .await
                .gql()?
                .map(|c| c.author_id),
            _ => None,
        })
    }
}

#[Object]
impl ModerationItem {
    async fn id(&self) -> ID {
        ids::encode(NodeKind::ModerationItem, self.0.id)
    }

    /// What the item is about.
    async fn target_type(&self) -> ModerationTargetType {
        self.0.target_type.into()
    }

    async fn source(&self) -> ModerationSource {
        self.0.source.into()
    }

    async fn status(&self) -> ModerationItemStatus {
        self.0.status.into()
    }

    /// The sum of its reporters' weights (level × past accuracy).
    async fn weight(&self) -> f64 {
        self.0.weight
    }

    async fn report_count(&self) -> i32 {
        self.0.report_count
    }

    /// The reason most of its reports give.
    async fn top_reason(&self) -> Option<ReportReason> {
        self.0.top_reason.map(Into::into)
    }

    /// What auto-moderation matched, or a vote ring's counts.
    async fn detail(&self) -> Option<&str> {
        self.0.detail.as_deref()
    }

    /// Whether reports' weight (or a hold) hid the target until review.
    async fn auto_hidden(&self) -> bool {
        self.0.auto_hidden
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn resolved_at(&self) -> Option<DateTime<Utc>> {
        self.0.resolved_at
    }

    /// The moderator who resolved it.
    async fn resolved_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        match self.0.resolved_by {
            Some(id) => load_user(ctx, id).await.map(Some),
            None => Ok(None),
        }
    }

    async fn resolution(&self) -> Option<ModerationResolution> {
        self.0.resolution.map(Into::into)
    }

    /// The resolving moderator's note.
    async fn resolution_note(&self) -> Option<&str> {
        self.0.resolution_note.as_deref()
    }

    /// Its reports, oldest first.
    #[graphql(complexity = "pagination::page_complexity(first, child_complexity)")]
    async fn reports(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<CountedConnection<Report>> {
        let page = pagination::page_request(ctx, first, after.as_deref()).gql()?;
        let rows = queue_service::reports_of(&ctx.state().db, self.0.id, page)
            .await
            .gql()?;
        Ok(pagination::connection(rows, Report))
    }

    /// The reported thread, or the thread of the reported answer or comment.
    async fn thread(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Thread>> {
        let thread_id = match self.0.target_type {
            TargetType::Thread => Some(self.0.target_id),
            TargetType::Answer => ctx
                .loaders()
                .answers
                .load_one(self.0.target_id)
                .await
                .gql()?
                .map(|a| a.thread_id),
            TargetType::Comment => ctx
                .loaders()
                .comments
                .load_one(self.0.target_id)
                .await
                .gql()?
                .map(|c| c.thread_id),
            _ => None,
        };
        match thread_id {
            Some(id) => Ok(Some(Thread::from_arc(load_thread(ctx, id).await?))),
            None => Ok(None),
        }
    }

    /// The reported answer, or the answer a reported comment is on.
    async fn answer(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Answer>> {
        let answer_id = match self.0.target_type {
            TargetType::Answer => Some(self.0.target_id),
            TargetType::Comment => ctx
                .loaders()
                .comments
                .load_one(self.0.target_id)
                .await
                .gql()?
                .and_then(|c| c.answer_id),
            _ => None,
        };
        let Some(answer_id) = answer_id else {
            return Ok(None);
        };
        Ok(ctx
            .loaders()
            .answers
            .load_one(answer_id)
            .await
            .gql()?
            .map(Answer::from_arc))
    }

    /// The reported comment.
    async fn comment(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Comment>> {
        if self.0.target_type != TargetType::Comment {
            return Ok(None);
        }
        Ok(ctx
            .loaders()
            .comments
            .load_one(self.0.target_id)
            .await
            .gql()?
            .map(Comment::from_arc))
    }

    /// The reported user, or the author of the reported post (for a vote
    /// ring, one of the pair).
    async fn user(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        match self.subject(ctx).await? {
            Some(id) => load_user(ctx, id).await.map(Some),
            None => Ok(None),
        }
    }

    /// A vote ring's other user.
    async fn related_user(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        match self.0.related_user_id {
            Some(id) => load_user(ctx, id).await.map(Some),
            None => Ok(None),
        }
    }

    /// The history of `user`.
    async fn author_history(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<AuthorHistory>> {
        let Some(user) = self.subject(ctx).await? else {
            return Ok(None);
        };
        let history = queue_service::author_history(&ctx.state().db, user)
            .await
            .gql()?;
        Ok(Some(history.into()))
    }
}
