//! SeaORM entities: one module per table. These are storage models only; the API
//! exposes its own types so a column change never silently changes the schema.

pub mod answers;
pub mod bookmarks;
pub mod comments;
pub mod course_tags;
pub mod courses;
pub mod enrollments;
pub mod follows;
pub mod lesson_progress;
pub mod lessons;
pub mod login_failures;
pub mod notifications;
pub mod post_revisions;
pub mod rate_limit_counters;
pub mod refresh_tokens;
pub mod review_helpful_marks;
pub mod reviews;
pub mod search_documents;
pub mod sessions;
pub mod tags;
pub mod thread_tags;
pub mod threads;
pub mod user_interests;
pub mod users;
pub mod votes;
