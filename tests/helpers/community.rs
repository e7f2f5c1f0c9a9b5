//! Arranging threads, answers and comments through the API, as members would.

use serde_json::{Value, json};

use crate::{GqlResponse, Session, TestApp};

pub const CREATE_THREAD: &str = r#"mutation CreateThread($input: CreateThreadInput!) {
  createThread(input: $input) { id kind title body bodyHtml tags score answerCount commentCount }
}"#;
pub const CREATE_ANSWER: &str = r#"mutation CreateAnswer($input: CreateAnswerInput!) {
  createAnswer(input: $input) { id body isAccepted score }
}"#;
pub const CREATE_COMMENT: &str = r#"mutation CreateComment($input: CreateCommentInput!) {
  createComment(input: $input) { id body }
}"#;
pub const VOTE: &str = r#"mutation Vote($targetId: ID!, $value: VoteValue!) {
  vote(targetId: $targetId, value: $value) { id score upvotes downvotes viewerVote }
}"#;
pub const THREAD: &str = r#"query Thread($id: ID!) {
  thread(id: $id) {
    id title body score upvotes downvotes viewerVote answerCount commentCount
    deletedAt isLocked acceptedAnswer { id }
  }
}"#;

impl TestApp {
    /// Posts a thread; `course` is a course id or None for community-wide.
    pub async fn post_thread(
        &self,
        author: &Session,
        course: Option<&str>,
        kind: &str,
        title: &str,
        body: &str,
        tags: &[&str],
    ) -> GqlResponse {
        self.gql_as(
            author,
            CREATE_THREAD,
            json!({ "input": {
                "courseId": course, "kind": kind, "title": title, "body": body, "tags": tags,
            }}),
        )
        .await
    }

    /// A community-wide QUESTION; returns its id.
    pub async fn question(&self, author: &Session, title: &str) -> String {
        let response = self
            .post_thread(
                author,
                None,
                "QUESTION",
                title,
                &format!("What about {title}?"),
                &[],
            )
            .await;
        id_of(&response.ok()["createThread"])
    }

    pub async fn post_answer(&self, author: &Session, thread_id: &str, body: &str) -> GqlResponse {
        self.gql_as(
            author,
            CREATE_ANSWER,
            json!({ "input": { "threadId": thread_id, "body": body } }),
        )
        .await
    }

    /// Answers a thread; returns the answer's id.
    pub async fn answer(&self, author: &Session, thread_id: &str, body: &str) -> String {
        id_of(&self.post_answer(author, thread_id, body).await.ok()["createAnswer"])
    }

    pub async fn post_comment(&self, author: &Session, target_id: &str, body: &str) -> GqlResponse {
        self.gql_as(
            author,
            CREATE_COMMENT,
            json!({ "input": { "targetId": target_id, "body": body } }),
        )
        .await
    }

    pub async fn vote(&self, voter: &Session, target_id: &str, value: &str) -> GqlResponse {
        self.gql_as(
            voter,
            VOTE,
            json!({ "targetId": target_id, "value": value }),
        )
        .await
    }

    /// `data.thread` as `viewer` (None: anonymous) sees it.
    pub async fn thread_as(&self, viewer: Option<&Session>, id: &str) -> GqlResponse {
        self.gql_with(
            viewer.map(|s| s.access_token.as_str()),
            THREAD,
            json!({ "id": id }),
        )
        .await
    }
}

/// The `id` of a payload object.
pub fn id_of(object: &Value) -> String {
    object["id"]
        .as_str()
        .unwrap_or_else(|| panic!("an id in {object}"))
        .to_owned()
}

// ---- Votes, lists and notifications (community_votes.rs, community_lists.rs) ----

impl TestApp {
    /// `count` learners named `{prefix}{i}`, signed in ten at a time (the
    /// login rate limit counts sign-ins in flight per address).
    pub async fn learners(&self, prefix: &str, count: usize) -> Vec<Session> {
        let mut sessions = Vec::with_capacity(count);
        for start in (0..count).step_by(10) {
            let signups = (start..count.min(start + 10))
                .map(|i| async move { self.learner(&format!("{prefix}{i}")).await });
            sessions.extend(futures_util::future::join_all(signups).await);
        }
        sessions
    }

    /// One number from SQL run on the app's database (e.g. a `COUNT(*)`).
    pub async fn number(&self, sql: &str) -> i64 {
        use sea_orm::{ConnectionTrait, Statement};
        let statement = Statement::from_string(self.db.get_database_backend(), sql);
        self.db
            .query_one_raw(statement)
            .await
            .unwrap_or_else(|err| panic!("{sql}: {err}"))
            .expect("one row")
            .try_get_by_index::<i64>(0)
            .unwrap_or_else(|err| panic!("{sql}: {err}"))
    }
}

/// The database id behind a global ID.
pub fn raw_id(global_id: &str) -> i64 {
    lyceum::graphql::ids::decode_any("id", global_id)
        .expect("a valid global ID")
        .1
}

// ---------------------------------------------------------------------------
// For the access and input tests (community_access.rs, community_input.rs):
// locking, and a snapshot of every community table (to assert that a
// refused write changed nothing).

/// Every row of the community tables, in key order.
#[derive(Debug, PartialEq)]
pub struct CommunitySnapshot {
    pub threads: Vec<entity::threads::Model>,
    pub answers: Vec<entity::answers::Model>,
    pub comments: Vec<entity::comments::Model>,
    pub votes: Vec<entity::votes::Model>,
    pub bookmarks: Vec<entity::bookmarks::Model>,
    pub follows: Vec<entity::follows::Model>,
    pub notifications: Vec<entity::notifications::Model>,
    pub revisions: Vec<entity::post_revisions::Model>,
    pub tags: Vec<entity::tags::Model>,
    pub thread_tags: Vec<entity::thread_tags::Model>,
}

impl TestApp {
    /// Locks a thread in the database (no mutation locks threads yet).
    pub async fn lock_thread(&self, thread_id: &str) {
        use sea_orm::ConnectionTrait;
        self.db
            .execute_unprepared(&format!(
                "UPDATE threads SET locked_at = created_at WHERE id = {}",
                raw_id(thread_id)
            ))
            .await
            .expect("locking a thread");
    }

    pub async fn community_snapshot(&self) -> CommunitySnapshot {
        use entity::*;
        let db = &self.db;
        CommunitySnapshot {
            threads: rows::<threads::Entity>(db, &[threads::Column::Id]).await,
            answers: rows::<answers::Entity>(db, &[answers::Column::Id]).await,
            comments: rows::<comments::Entity>(db, &[comments::Column::Id]).await,
            votes: rows::<votes::Entity>(
                db,
                &[
                    votes::Column::UserId,
                    votes::Column::TargetKind,
                    votes::Column::TargetId,
                ],
            )
            .await,
            bookmarks: rows::<bookmarks::Entity>(
                db,
                &[bookmarks::Column::UserId, bookmarks::Column::ThreadId],
            )
            .await,
            follows: rows::<follows::Entity>(
                db,
                &[
                    follows::Column::UserId,
                    follows::Column::TargetKind,
                    follows::Column::TargetId,
                ],
            )
            .await,
            notifications: rows::<notifications::Entity>(db, &[notifications::Column::Id]).await,
            revisions: rows::<post_revisions::Entity>(db, &[post_revisions::Column::Id]).await,
            tags: rows::<tags::Entity>(db, &[tags::Column::Id]).await,
            thread_tags: rows::<thread_tags::Entity>(
                db,
                &[thread_tags::Column::ThreadId, thread_tags::Column::TagId],
            )
            .await,
        }
    }
}

/// Every row of a table, ordered by `key`.
async fn rows<E: sea_orm::EntityTrait>(
    db: &sea_orm::DatabaseConnection,
    key: &[E::Column],
) -> Vec<E::Model> {
    use sea_orm::QueryOrder;
    let mut query = E::find();
    for column in key {
        query = query.order_by_asc(*column);
    }
    query.all(db).await.expect("reading a community table")
}
