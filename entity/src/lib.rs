//! SeaORM entities: one module per table. These are storage models only; the API
//! exposes its own types so a column change never silently changes the schema.

pub mod answers;
pub mod badges;
pub mod bookmarks;
pub mod certification_tags;
pub mod certifications;
pub mod comments;
pub mod course_tags;
pub mod courses;
pub mod earning_entries;
pub mod enrollments;
pub mod follows;
pub mod lesson_progress;
pub mod lessons;
pub mod login_failures;
pub mod notifications;
pub mod payouts;
pub mod post_revisions;
pub mod rate_limit_counters;
pub mod refresh_tokens;
pub mod review_helpful_marks;
pub mod reviews;
pub mod reward_daily;
pub mod reward_events;
pub mod reward_rules;
pub mod search_documents;
pub mod sessions;
pub mod tags;
pub mod thread_tags;
pub mod threads;
pub mod user_badges;
pub mod user_interests;
pub mod users;
pub mod vote_ring_suspects;
pub mod votes;
