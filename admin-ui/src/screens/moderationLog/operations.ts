import { graphql } from '../../gql/generated';

export const MODERATION_LOG = graphql(`
  query AdminModerationLog($first: Int!, $after: String, $filter: ModerationLogFilter) {
    moderationLog(first: $first, after: $after, filter: $filter) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        action
        targetType
        targetId
        reason
        before
        after
        createdAt
        actor {
          id
          username
        }
      }
    }
  }
`);
