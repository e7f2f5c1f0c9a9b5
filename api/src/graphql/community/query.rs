use async_graphql::{Context, ID, Object};

use super::{
    notifications::Notification,
    threads::{Thread, ThreadFilter, ThreadOrderBy, load_thread},
};
use crate::{
    graphql::{
        context::ContextExt,
        errors::GqlResult,
        guards::SignedIn,
        ids::{self, NodeKind},
        pagination::{self, CountedConnection},
    },
    services::community::{access, bookmarks, follows, notifications, threads},
};

#[derive(Default)]
pub struct CommunityQuery;

#[Object]
impl CommunityQuery {
    /// Threads the viewer may read (community-wide ones, and those of their
    /// courses), filtered and ordered. Deleted threads are left out.
    #[graphql(complexity = "pagination::page_complexity(first, child_complexity)")]
    async fn threads(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the list.")] filter: Option<ThreadFilter>,
        #[graphql(desc = "HOT when omitted.")] order_by: Option<ThreadOrderBy>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<CountedConnection<Thread>> {
        let page = pagination::page_request(ctx, first, after.as_deref()).gql()?;
        let filter = filter.unwrap_or_default();
        let filter = threads::ThreadFilter {
            course_id: filter
                .course_id
                .map(|id| ids::decode("filter.courseId", NodeKind::Course, &id))
                .transpose()
                .gql()?,
            tags: filter.tags.unwrap_or_default(),
            author_id: filter
                .author_id
                .map(|id| ids::decode("filter.authorId", NodeKind::User, &id))
                .transpose()
                .gql()?,
            kind: filter.kind.map(Into::into),
            unanswered: filter.unanswered.unwrap_or(false),
            search: filter.search,
            pinned: filter.pinned,
            featured: filter.featured,
        };
        let order = order_by.unwrap_or_default().into();
        let rows = threads::list(&ctx.state().db, ctx.viewer_opt(), filter, order, page)
            .await
            .gql()?;
        Ok(pagination::connection(rows, Thread::listed))
    }

    /// A thread by its global ID; NOT_FOUND when it does not exist or the
    /// viewer may not read it (another course's thread). Deleted threads
    /// come back as tombstones.
    async fn thread(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The thread's global ID.")] id: ID,
    ) -> async_graphql::Result<Thread> {
        let id = ids::decode("id", NodeKind::Thread, &id).gql()?;
        // Through the shared loader: a popular thread is read once, not per request.
        let thread = load_thread(ctx, id).await?;
        access::ensure_readable(&ctx.state().db, ctx.viewer_opt(), &thread)
            .await
            .gql()?;
        Ok(Thread::from_arc(thread))
    }

    /// Threads the signed-in user bookmarked, newest bookmark first.
    #[graphql(
        guard = "SignedIn",
        complexity = "pagination::page_complexity(first, child_complexity)"
    )]
    async fn my_bookmarks(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<CountedConnection<Thread>> {
        let page = pagination::page_request(ctx, first, after.as_deref()).gql()?;
        let rows = bookmarks::of_viewer(&ctx.state().db, ctx.viewer()?, page)
            .await
            .gql()?;
        let loaded = ctx
            .loaders()
            .threads
            .load_many(rows.items.iter().map(|(_, b)| b.thread_id))
            .await
            .gql()?;
        let rows = rows.filter_map(|bookmark| loaded.get(&bookmark.thread_id).cloned());
        Ok(pagination::connection(rows, Thread::from_arc))
    }

    /// Tags the signed-in user follows, alphabetically.
    #[graphql(guard = "SignedIn")]
    async fn my_followed_tags(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        follows::tags_of(&ctx.state().db, ctx.viewer()?.id())
            .await
            .gql()
    }

    /// The signed-in user's notifications, newest first.
    #[graphql(
        guard = "SignedIn",
        complexity = "pagination::page_complexity(first, child_complexity)"
    )]
    async fn notifications(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only unread ones.", default)] unread_only: bool,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<CountedConnection<Notification>> {
        let page = pagination::page_request(ctx, first, after.as_deref()).gql()?;
        let rows = notifications::of_viewer(&ctx.state().db, ctx.viewer()?, unread_only, page)
            .await
            .gql()?;
        Ok(pagination::connection(rows, Notification::new))
    }

    /// How many of the signed-in user's notifications are unread.
    #[graphql(guard = "SignedIn")]
    async fn unread_notification_count(&self, ctx: &Context<'_>) -> async_graphql::Result<u64> {
        notifications::unread_count(&ctx.state().db, ctx.viewer()?)
            .await
            .gql()
    }
}
