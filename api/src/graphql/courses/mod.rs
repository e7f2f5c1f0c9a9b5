//! Courses over GraphQL: thin resolvers over `services::courses`.

mod mutation;
mod query;
pub mod types;

pub use mutation::CoursesMutation;
pub use query::CoursesQuery;
