import { graphql } from '../../gql/generated';

export const DASHBOARD = graphql(`
  query AdminDashboard($from: Date!, $to: Date!, $fromTime: DateTime!, $toTime: DateTime!) {
    moderationQueue(first: 1, filter: { status: OPEN }) {
      totalCount
    }
    daily: activityMetrics(from: $from, to: $to, granularity: DAY) {
      points {
        date
        dau
        wau
        mau
      }
    }
    weekly: activityMetrics(from: $from, to: $to, granularity: WEEK) {
      points {
        date
        newMembers
        newContributors
      }
    }
    retentionCohorts(from: $from, to: $to, granularity: WEEK) {
      date
      members
      periods {
        index
        share
        active
      }
    }
    funnel(from: $from, to: $to, granularity: MONTH) {
      steps {
        step
        members
        conversion
        overall
      }
    }
    communityHealth(from: $from, to: $to, granularity: WEEK) {
      points {
        date
        threads
        shareAnswered
        featuredShare
        medianSecondsToFirstAnswer
      }
    }
    rewardSummary(from: $fromTime, to: $toTime, groupBy: WEEK) {
      rule
      total
      points {
        periodStart
        points
      }
    }
  }
`);
