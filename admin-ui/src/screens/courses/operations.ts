import { graphql } from '../../gql/generated';

export const COURSES = graphql(`
  query AdminCourses($first: Int!, $after: String, $filter: CourseFilter, $orderBy: CourseOrderBy) {
    courses(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        title
        slug
        status
        priceCents
        currency
        enrollmentCount
        publishedAt
        createdAt
        creator {
          id
          username
        }
        ratingSummary {
          average
          count
        }
        revenue {
          currency
          paidEnrollments
          netCents
          refunds
        }
      }
    }
  }
`);
