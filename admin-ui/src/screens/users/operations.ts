import { graphql } from '../../gql/generated';

export const USERS = graphql(`
  query AdminUsers($first: Int!, $after: String, $filter: UserFilter) {
    users(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        username
        displayName
        email
        role
        status
        points
        level
        createdAt
      }
    }
  }
`);

export const USER_DETAIL = graphql(`
  query AdminUserDetail($id: ID!, $historyAfter: String) {
    node(id: $id) {
      __typename
      ... on User {
        id
        username
        displayName
        email
        bio
        role
        status
        suspension {
          reason
          until
        }
        points
        level
        levelProgress {
          fraction
          nextLevel
          nextLevelPoints
        }
        createdAt
        certifiedAt
        badges {
          awardedAt
          badge {
            key
            name
          }
        }
        certifications {
          id
          tags
          note
          inForce
          grantedAt
          revokedAt
          revokeReason
        }
        rewards(first: 20, after: $historyAfter) {
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            id
            rule
            points
            entry
            createdAt
          }
        }
      }
    }
  }
`);

export const ADJUST_POINTS = graphql(`
  mutation AdminAdjustPoints($input: AdjustPointsInput!) {
    adjustPoints(input: $input) {
      id
      credited
    }
  }
`);

export const SET_ROLE = graphql(`
  mutation AdminSetUserRole($userId: ID!, $role: UserRole!) {
    setUserRole(userId: $userId, role: $role) {
      id
      role
    }
  }
`);

export const SUSPEND = graphql(`
  mutation AdminSuspendUser($input: SuspendUserInput!) {
    suspendUser(input: $input) {
      id
      status
    }
  }
`);

export const UNSUSPEND = graphql(`
  mutation AdminUnsuspendUser($userId: ID!) {
    unsuspendUser(userId: $userId) {
      id
      status
    }
  }
`);

export const CERTIFY = graphql(`
  mutation AdminCertifyCreator($userId: ID!, $tags: [String!]!, $note: String) {
    certifyCreator(userId: $userId, tags: $tags, note: $note) {
      id
    }
  }
`);

export const REVOKE_CERTIFICATION = graphql(`
  mutation AdminRevokeCertification($userId: ID!, $reason: String!) {
    revokeCertification(userId: $userId, reason: $reason) {
      id
    }
  }
`);
