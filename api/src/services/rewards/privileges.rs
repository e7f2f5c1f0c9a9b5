//! What levels and points unlock, in the manner of Discourse's trust
//! levels. Staff are exempt from every limit. A refused action answers
//! FORBIDDEN with `extensions.requiredLevel` (or `requiredPoints`).

use chrono::{DateTime, Utc};
use entity::threads;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::{Level, RewardSettings};
use crate::{
    auth::{STAFF_ROLES, Viewer},
    error::{ApiError, ApiResult, Requirement},
    services::Db,
};

/// Threads a Novice may start per UTC day.
pub const NOVICE_THREADS_PER_DAY: u64 = 3;
/// Links a Novice may put in one post.
pub const NOVICE_LINKS_PER_POST: usize = 2;

fn level_of(viewer: &Viewer, settings: &RewardSettings) -> Level {
    Level::of_points(viewer.user.points, settings)
}

fn exempt(viewer: &Viewer) -> bool {
    viewer.has_any_role(STAFF_ROLES)
}

fn requires_level(level: Level, what: &str) -> ApiError {
    ApiError::requires(
        Requirement::Level(level.as_str()),
        format!("{what} needs the {} level", level.as_str()),
    )
}

/// Novice members start at most `NOVICE_THREADS_PER_DAY` threads a day.
pub async fn ensure_may_start_thread(
    db: &impl Db,
    viewer: &Viewer,
    settings: &RewardSettings,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    if exempt(viewer) || level_of(viewer, settings) > Level::Novice {
        return Ok(());
    }
    let day_start = now
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc();
    let today = threads::Entity::find()
        .filter(threads::Column::AuthorId.eq(viewer.id()))
        .filter(threads::Column::CreatedAt.gte(day_start))
        .count(db)
        .await?;
    if today >= NOVICE_THREADS_PER_DAY {
        return Err(requires_level(
            Level::Intermediate,
            &format!("starting more than {NOVICE_THREADS_PER_DAY} threads a day"),
        ));
    }
    Ok(())
}

/// Novice members put at most `NOVICE_LINKS_PER_POST` links in a post.
pub fn ensure_may_post_links(
    viewer: &Viewer,
    settings: &RewardSettings,
    markdown: &str,
) -> ApiResult<()> {
    if exempt(viewer) || level_of(viewer, settings) > Level::Novice {
        return Ok(());
    }
    if count_links(markdown) > NOVICE_LINKS_PER_POST {
        return Err(requires_level(
            Level::Intermediate,
            &format!("a post with more than {NOVICE_LINKS_PER_POST} links"),
        ));
    }
    Ok(())
}

/// Downvoting needs Intermediate.
pub fn ensure_may_downvote(viewer: &Viewer, settings: &RewardSettings) -> ApiResult<()> {
    if exempt(viewer) || level_of(viewer, settings) >= Level::Intermediate {
        return Ok(());
    }
    Err(requires_level(Level::Intermediate, "downvoting"))
}

/// Commenting on other people's posts needs the configured points (one's
/// own posts, and answers to one's own question, are always open).
pub fn ensure_may_comment(
    viewer: &Viewer,
    settings: &RewardSettings,
    on_own_post: bool,
) -> ApiResult<()> {
    let needed = settings.comment_anywhere_points;
    if exempt(viewer) || on_own_post || viewer.user.points >= needed {
        return Ok(());
    }
    Err(ApiError::requires(
        Requirement::Points(needed),
        format!(
            "commenting on other people's posts needs {needed} points; \
             you can always comment on your own posts"
        ),
    ))
}

/// Closing a thread as a duplicate needs Expert (moderators always may).
pub fn ensure_may_close_duplicates(viewer: &Viewer, settings: &RewardSettings) -> ApiResult<()> {
    if exempt(viewer) || level_of(viewer, settings) >= Level::Expert {
        return Ok(());
    }
    Err(requires_level(Level::Expert, "closing as a duplicate"))
}

/// Web addresses in a post: markdown links and bare URLs alike, since
/// clients turn both into links.
pub fn count_links(markdown: &str) -> usize {
    let lower = markdown.to_ascii_lowercase();
    lower.matches("http://").count() + lower.matches("https://").count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_counted_in_any_form() {
        assert_eq!(count_links("no links here"), 0);
        assert_eq!(
            count_links("[a](https://a.example) and HTTP://b.example/x <https://c.example>"),
            3
        );
    }
}
