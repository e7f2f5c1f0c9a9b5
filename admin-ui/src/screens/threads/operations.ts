import { graphql } from '../../gql/generated';

export const THREADS = graphql(`
  query AdminThreads($first: Int!, $after: String, $filter: ThreadFilter, $orderBy: ThreadOrderBy) {
    threads(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        title
        kind
        tags
        score
        answerCount
        createdAt
        pinnedAt
        pinScope
        featuredAt
        isLocked
        hidden
        deletedAt
        author {
          id
          username
        }
        course {
          id
          title
        }
      }
    }
  }
`);

export const CURATE_THREADS = graphql(`
  mutation AdminCurateThreads($input: CurateThreadsInput!) {
    curateThreads(input: $input) {
      threadId
      error {
        code
        message
      }
    }
  }
`);

export const MERGE_THREADS = graphql(`
  mutation AdminMergeThreads($fromId: ID!, $intoId: ID!) {
    mergeThreads(fromId: $fromId, intoId: $intoId) {
      id
    }
  }
`);

export const CLOSE_AS_DUPLICATE = graphql(`
  mutation AdminCloseAsDuplicate($threadId: ID!, $ofThreadId: ID!) {
    closeAsDuplicate(threadId: $threadId, ofThreadId: $ofThreadId) {
      id
    }
  }
`);
