import { graphql } from '../../gql/generated';

export const MODERATION_QUEUE = graphql(`
  query AdminModerationQueue($first: Int!, $after: String, $filter: ModerationQueueFilter) {
    moderationQueue(first: $first, after: $after, filter: $filter, orderBy: WEIGHT) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        source
        targetType
        status
        weight
        reportCount
        topReason
        detail
        user {
          id
          username
        }
        thread {
          id
          title
        }
        answer {
          id
          body
        }
        comment {
          id
          body
        }
      }
    }
  }
`);

/** One item in context: the whole post, its author's history and the reports. */
export const MODERATION_ITEM = graphql(`
  query AdminModerationItem($id: ID!) {
    moderationItem(id: $id) {
      id
      status
      autoHidden
      detail
      createdAt
      resolution
      resolutionNote
      resolvedAt
      resolvedBy {
        username
      }
      user {
        id
        username
        displayName
        status
      }
      relatedUser {
        username
      }
      authorHistory {
        threads
        answers
        comments
        hiddenPosts
        suspensions
        upheldReports
      }
      thread {
        id
        title
        body
        hidden
        deletedAt
      }
      answer {
        id
        body
        hidden
        deletedAt
        thread {
          title
        }
      }
      comment {
        id
        body
        hidden
        deletedAt
        thread {
          title
        }
        answer {
          id
        }
      }
      reports(first: 20) {
        totalCount
        nodes {
          id
          reason
          note
          createdAt
          reporter {
            username
          }
        }
      }
    }
  }
`);

export const RESOLVE_REPORT = graphql(`
  mutation AdminResolveReport($itemId: ID!, $action: ModerationResolution!, $note: String, $suspendDays: Int) {
    resolveReport(itemId: $itemId, action: $action, note: $note, suspendDays: $suspendDays) {
      id
      status
      resolution
    }
  }
`);
