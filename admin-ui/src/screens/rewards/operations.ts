import { graphql } from '../../gql/generated';

export const REWARD_RULES = graphql(`
  query AdminRewardRules {
    rewardRules {
      key
      description
      points
      enabled
      capped
      updatedAt
    }
  }
`);

export const UPDATE_REWARD_RULE = graphql(`
  mutation AdminUpdateRewardRule($key: String!, $input: UpdateRewardRuleInput!) {
    updateRewardRule(key: $key, input: $input) {
      key
      points
      enabled
      capped
      updatedAt
    }
  }
`);

export const USER_LEDGER = graphql(`
  query AdminUserLedger($userId: ID!, $first: Int!, $after: String, $filter: RewardFilter) {
    userRewards(userId: $userId, first: $first, after: $after, filter: $filter) {
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
        actor {
          username
        }
      }
    }
  }
`);

export const LEADERBOARD = graphql(`
  query AdminLeaderboard($period: LeaderboardPeriod!, $tag: String) {
    leaderboard(first: 20, period: $period, tag: $tag) {
      rank
      points
      user {
        id
        username
        displayName
        level
      }
    }
  }
`);

export const PAYOUTS = graphql(`
  query AdminPayouts($first: Int!, $after: String, $status: PayoutStatus) {
    payouts(first: $first, after: $after, status: $status) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        amountCents
        currency
        status
        reason
        requestedAt
        decidedAt
        creator {
          id
          username
        }
      }
    }
  }
`);

export const MARK_PAYOUT_PAID = graphql(`
  mutation AdminMarkPayoutPaid($payoutId: ID!) {
    markPayoutPaid(payoutId: $payoutId) {
      id
      status
    }
  }
`);

export const REJECT_PAYOUT = graphql(`
  mutation AdminRejectPayout($payoutId: ID!, $reason: String!) {
    rejectPayout(payoutId: $payoutId, reason: $reason) {
      id
      status
    }
  }
`);
