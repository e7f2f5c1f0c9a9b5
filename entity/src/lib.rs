//! SeaORM entities: one module per table. These are storage models only; the API
//! exposes its own types so a column change never silently changes the schema.

pub mod course_tags;
pub mod courses;
pub mod enrollments;
pub mod lesson_progress;
pub mod lessons;
pub mod login_failures;
pub mod rate_limit_counters;
pub mod refresh_tokens;
pub mod review_helpful_marks;
pub mod reviews;
pub mod sessions;
pub mod tags;
pub mod user_interests;
pub mod users;
