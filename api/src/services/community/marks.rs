//! A member's marks on posts and people (votes, bookmarks, follows), read in
//! one statement however many kinds a page asks for: a thread page wants
//! the thread's vote and bookmark and every answer's vote, and a round trip
//! per kind cost the database more than the reads themselves.

use std::collections::HashMap;

use entity::{
    bookmarks,
    follows::{self, Target},
    votes::{self, PostKind},
};
use sea_orm::{
    ColumnTrait, ExprTrait, FromQueryResult, Iterable,
    sea_query::{Alias, Expr, Query, SelectStatement, UnionType},
};

use crate::{error::ApiResult, services::Db};

/// One thing a member may have marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mark {
    /// Their vote on a thread or answer.
    Vote(PostKind, i64),
    /// Their bookmark of a thread.
    Bookmark(i64),
    /// Their follow of a thread.
    FollowsThread(i64),
    /// Their follow of another user.
    FollowsUser(i64),
}

/// The kinds of mark, as the statement tags its rows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Vote(PostKind),
    Bookmark,
    FollowsThread,
    FollowsUser,
}

impl Kind {
    fn of(mark: Mark) -> (Kind, i64) {
        match mark {
            Mark::Vote(kind, id) => (Kind::Vote(kind), id),
            Mark::Bookmark(id) => (Kind::Bookmark, id),
            Mark::FollowsThread(id) => (Kind::FollowsThread, id),
            Mark::FollowsUser(id) => (Kind::FollowsUser, id),
        }
    }

    fn mark(self, id: i64) -> Mark {
        match self {
            Kind::Vote(kind) => Mark::Vote(kind, id),
            Kind::Bookmark => Mark::Bookmark(id),
            Kind::FollowsThread => Mark::FollowsThread(id),
            Kind::FollowsUser => Mark::FollowsUser(id),
        }
    }

    fn all() -> impl Iterator<Item = Kind> {
        PostKind::iter().map(Kind::Vote).chain([
            Kind::Bookmark,
            Kind::FollowsThread,
            Kind::FollowsUser,
        ])
    }

    /// The rows of this kind among `ids`: (tag, id, value).
    fn select(self, tag: usize, user_id: i64, ids: Vec<i64>) -> SelectStatement {
        let mut select = Query::select();
        select.expr_as(Expr::cust(tag.to_string()), Alias::new("tag"));
        match self {
            Kind::Vote(kind) => select
                .expr_as(Expr::col(votes::Column::TargetId), Alias::new("id"))
                .expr_as(
                    Expr::col(votes::Column::Value).cast_as(Alias::new("integer")),
                    Alias::new("value"),
                )
                .from(votes::Entity)
                .and_where(votes::Column::UserId.eq(user_id))
                .and_where(votes::Column::TargetKind.eq(kind))
                .and_where(votes::Column::TargetId.is_in(ids)),
            Kind::Bookmark => select
                .expr_as(Expr::col(bookmarks::Column::ThreadId), Alias::new("id"))
                .expr_as(Expr::cust("1"), Alias::new("value"))
                .from(bookmarks::Entity)
                .and_where(bookmarks::Column::UserId.eq(user_id))
                .and_where(bookmarks::Column::ThreadId.is_in(ids)),
            Kind::FollowsThread | Kind::FollowsUser => {
                let target = if self == Kind::FollowsThread {
                    Target::Thread
                } else {
                    Target::User
                };
                select
                    .expr_as(Expr::col(follows::Column::TargetId), Alias::new("id"))
                    .expr_as(Expr::cust("1"), Alias::new("value"))
                    .from(follows::Entity)
                    .and_where(follows::Column::UserId.eq(user_id))
                    .and_where(follows::Column::TargetKind.eq(target))
                    .and_where(follows::Column::TargetId.is_in(ids))
            }
        };
        select
    }
}

#[derive(FromQueryResult)]
struct MarkRow {
    tag: i32,
    id: i64,
    value: i32,
}

/// Which of `marks` the user made, with the vote's value (+1 or −1; 1 for
/// bookmarks and follows). Marks not made are absent.
pub async fn of_user(db: &impl Db, user_id: i64, marks: &[Mark]) -> ApiResult<HashMap<Mark, i16>> {
    let kinds: Vec<Kind> = Kind::all().collect();
    let mut selects = kinds.iter().enumerate().filter_map(|(tag, &kind)| {
        let ids: Vec<i64> = marks
            .iter()
            .map(|&mark| Kind::of(mark))
            .filter(|(of, _)| *of == kind)
            .map(|(_, id)| id)
            .collect();
        (!ids.is_empty()).then(|| kind.select(tag, user_id, ids))
    });
    let Some(mut statement) = selects.next() else {
        return Ok(HashMap::new());
    };
    for select in selects {
        statement.union(UnionType::All, select);
    }
    let rows = MarkRow::find_by_statement(db.get_database_backend().build(&statement))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let kind = kinds.get(usize::try_from(row.tag).ok()?)?;
            Some((kind.mark(row.id), row.value as i16))
        })
        .collect())
}
