//! What may appear in a training set: the users whose signals count and the
//! live items (published courses, visible threads) with their text. Only
//! ids, titles and tags are held, never whole rows.

use std::collections::{HashMap, HashSet};

use anyhow::Context;
use entity::{course_tags, courses, tags, thread_tags, users};
use futures_util::TryStreamExt;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect};

use crate::recommend::ItemText;
use crate::services::recommendations::items::ItemRef;

struct Course {
    creator: i64,
    text: ItemText,
}

#[derive(Default)]
pub struct Catalogue {
    deleted_users: HashSet<i64>,
    courses: HashMap<i64, Course>,
    threads: HashMap<i64, ItemText>,
    /// Visible answers of live threads → their thread.
    answers: HashMap<i64, i64>,
}

impl Catalogue {
    /// Whether a user's signals count (deleted accounts' do not).
    pub fn user_counts(&self, user: i64) -> bool {
        !self.deleted_users.contains(&user)
    }

    /// Whether a signal of `user` on a course counts: a published course,
    /// not the user's own (a creator opening their course says nothing of
    /// their taste).
    pub fn course_signal(&self, user: i64, course: i64) -> bool {
        self.user_counts(user) && self.courses.get(&course).is_some_and(|c| c.creator != user)
    }

    pub fn is_live_course(&self, course: i64) -> bool {
        self.courses.contains_key(&course)
    }

    pub fn is_live_thread(&self, thread: i64) -> bool {
        self.threads.contains_key(&thread)
    }

    pub fn add_thread(&mut self, thread: i64, title: String) {
        self.threads.insert(
            thread,
            ItemText {
                text: title,
                tags: Vec::new(),
            },
        );
    }

    pub fn add_answer(&mut self, answer: i64, thread: i64) {
        self.answers.insert(answer, thread);
    }

    /// The thread of a visible answer in a live thread.
    pub fn answer_thread(&self, answer: i64) -> Option<i64> {
        self.answers.get(&answer).copied()
    }

    /// The text of an item of this catalogue (tags sorted: rows come in no
    /// particular order).
    pub fn text(&self, item: ItemRef) -> Option<ItemText> {
        let mut text = match item {
            ItemRef::Course(id) => self.courses.get(&id).map(|c| c.text.clone()),
            ItemRef::Thread(id) => self.threads.get(&id).cloned(),
        }?;
        text.tags.sort_unstable();
        Some(text)
    }
}

/// Accounts deleted by their owners: their history leaves the models.
pub async fn read_deleted_users(
    txn: &DatabaseTransaction,
    into: &mut Catalogue,
) -> anyhow::Result<()> {
    let mut rows = users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .filter(users::Column::Status.eq(users::Status::Deleted))
        .into_tuple::<i64>()
        .stream(txn)
        .await?;
    while let Some(id) = rows.try_next().await.context("reading users")? {
        into.deleted_users.insert(id);
    }
    Ok(())
}

/// Published courses (drafts are private, archived ones out of the
/// catalogue): title and summary are their text.
pub async fn read_courses(txn: &DatabaseTransaction, into: &mut Catalogue) -> anyhow::Result<()> {
    let mut rows = courses::Entity::find()
        .select_only()
        .columns([
            courses::Column::Id,
            courses::Column::CreatorId,
            courses::Column::Title,
            courses::Column::Summary,
        ])
        .filter(courses::Column::Status.eq(courses::Status::Published))
        .into_tuple::<(i64, i64, String, String)>()
        .stream(txn)
        .await?;
    while let Some((id, creator, title, summary)) =
        rows.try_next().await.context("reading courses")?
    {
        let text = ItemText {
            text: format!("{title}\n{summary}"),
            tags: Vec::new(),
        };
        into.courses.insert(id, Course { creator, text });
    }
    Ok(())
}

/// The tags of live courses and threads (read after both).
pub async fn read_tags(txn: &DatabaseTransaction, into: &mut Catalogue) -> anyhow::Result<()> {
    let mut names: HashMap<i64, String> = HashMap::new();
    let mut rows = tags::Entity::find()
        .select_only()
        .columns([tags::Column::Id, tags::Column::Name])
        .into_tuple::<(i64, String)>()
        .stream(txn)
        .await?;
    while let Some((id, name)) = rows.try_next().await.context("reading tags")? {
        names.insert(id, name);
    }
    drop(rows);

    let mut rows = course_tags::Entity::find()
        .select_only()
        .columns([course_tags::Column::CourseId, course_tags::Column::TagId])
        .into_tuple::<(i64, i64)>()
        .stream(txn)
        .await?;
    while let Some((course, tag)) = rows.try_next().await.context("reading course tags")? {
        if let (Some(course), Some(name)) = (into.courses.get_mut(&course), names.get(&tag)) {
            course.text.tags.push(name.clone());
        }
    }
    drop(rows);

    let mut rows = thread_tags::Entity::find()
        .select_only()
        .columns([thread_tags::Column::ThreadId, thread_tags::Column::TagId])
        .into_tuple::<(i64, i64)>()
        .stream(txn)
        .await?;
    while let Some((thread, tag)) = rows.try_next().await.context("reading thread tags")? {
        if let (Some(thread), Some(name)) = (into.threads.get_mut(&thread), names.get(&tag)) {
            thread.tags.push(name.clone());
        }
    }
    Ok(())
}
