/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query AdminUserSearch($search: String!, $role: UserRole) {\n    users(first: 10, filter: { search: $search, role: $role }) {\n      nodes {\n        id\n        username\n        displayName\n      }\n    }\n  }\n": typeof types.AdminUserSearchDocument,
    "\n  mutation AdminLogin($login: String!, $password: String!) {\n    login(input: { login: $login, password: $password }) {\n      accessToken\n      refreshToken\n      user {\n        id\n        username\n        role\n      }\n    }\n  }\n": typeof types.AdminLoginDocument,
    "\n  mutation AdminRefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n    }\n  }\n": typeof types.AdminRefreshSessionDocument,
    "\n  mutation AdminLogout {\n    logout\n  }\n": typeof types.AdminLogoutDocument,
    "\n  query AdminMe {\n    me {\n      id\n      username\n      displayName\n      role\n    }\n  }\n": typeof types.AdminMeDocument,
    "\n  query AdminCourses($first: Int!, $after: String, $filter: CourseFilter, $orderBy: CourseOrderBy) {\n    courses(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        title\n        slug\n        status\n        priceCents\n        currency\n        enrollmentCount\n        publishedAt\n        createdAt\n        creator {\n          id\n          username\n        }\n        ratingSummary {\n          average\n          count\n        }\n        revenue {\n          currency\n          paidEnrollments\n          netCents\n          refunds\n        }\n      }\n    }\n  }\n": typeof types.AdminCoursesDocument,
    "\n  query AdminDashboard($from: Date!, $to: Date!, $fromTime: DateTime!, $toTime: DateTime!) {\n    moderationQueue(first: 1, filter: { status: OPEN }) {\n      totalCount\n    }\n    daily: activityMetrics(from: $from, to: $to, granularity: DAY) {\n      points {\n        date\n        dau\n        wau\n        mau\n      }\n    }\n    weekly: activityMetrics(from: $from, to: $to, granularity: WEEK) {\n      points {\n        date\n        newMembers\n        newContributors\n      }\n    }\n    retentionCohorts(from: $from, to: $to, granularity: WEEK) {\n      date\n      members\n      periods {\n        index\n        share\n        active\n      }\n    }\n    funnel(from: $from, to: $to, granularity: MONTH) {\n      steps {\n        step\n        members\n        conversion\n        overall\n      }\n    }\n    communityHealth(from: $from, to: $to, granularity: WEEK) {\n      points {\n        date\n        threads\n        shareAnswered\n        featuredShare\n        medianSecondsToFirstAnswer\n      }\n    }\n    rewardSummary(from: $fromTime, to: $toTime, groupBy: WEEK) {\n      rule\n      total\n      points {\n        periodStart\n        points\n      }\n    }\n  }\n": typeof types.AdminDashboardDocument,
    "\n  query AdminExperiments($first: Int!, $after: String, $status: ExperimentStatus) {\n    experiments(first: $first, after: $after, status: $status) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        key\n        description\n        metric\n        status\n        createdAt\n        startedAt\n        stoppedAt\n        variants {\n          name\n          share\n        }\n      }\n    }\n  }\n": typeof types.AdminExperimentsDocument,
    "\n  mutation AdminCreateExperiment($input: CreateExperimentInput!) {\n    createExperiment(input: $input) {\n      id\n      key\n    }\n  }\n": typeof types.AdminCreateExperimentDocument,
    "\n  mutation AdminStartExperiment($key: String!) {\n    startExperiment(key: $key) {\n      id\n      status\n    }\n  }\n": typeof types.AdminStartExperimentDocument,
    "\n  mutation AdminStopExperiment($key: String!) {\n    stopExperiment(key: $key) {\n      id\n      status\n    }\n  }\n": typeof types.AdminStopExperimentDocument,
    "\n  query AdminExperimentResults($key: String!) {\n    experimentResults(key: $key) {\n      users\n      sampleRatioMismatch\n      sampleRatioPValue\n      sampleRatioChiSquare\n      sampleRatioDegreesOfFreedom\n      variants {\n        name\n        users\n        conversions\n        rate\n        expectedShare\n        versusControl {\n          uplift\n          relativeUplift\n          confidenceLow\n          confidenceHigh\n          pValue\n        }\n      }\n    }\n  }\n": typeof types.AdminExperimentResultsDocument,
    "\n  query AdminModerationQueue($first: Int!, $after: String, $filter: ModerationQueueFilter) {\n    moderationQueue(first: $first, after: $after, filter: $filter, orderBy: WEIGHT) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        source\n        targetType\n        status\n        weight\n        reportCount\n        topReason\n        detail\n        user {\n          id\n          username\n        }\n        thread {\n          id\n          title\n        }\n        answer {\n          id\n          body\n        }\n        comment {\n          id\n          body\n        }\n      }\n    }\n  }\n": typeof types.AdminModerationQueueDocument,
    "\n  query AdminModerationItem($id: ID!) {\n    moderationItem(id: $id) {\n      id\n      status\n      autoHidden\n      detail\n      createdAt\n      resolution\n      resolutionNote\n      resolvedAt\n      resolvedBy {\n        username\n      }\n      user {\n        id\n        username\n        displayName\n        status\n      }\n      relatedUser {\n        username\n      }\n      authorHistory {\n        threads\n        answers\n        comments\n        hiddenPosts\n        suspensions\n        upheldReports\n      }\n      thread {\n        id\n        title\n        body\n        hidden\n        deletedAt\n      }\n      answer {\n        id\n        body\n        hidden\n        deletedAt\n        thread {\n          title\n        }\n      }\n      comment {\n        id\n        body\n        hidden\n        deletedAt\n        thread {\n          title\n        }\n        answer {\n          id\n        }\n      }\n      reports(first: 20) {\n        totalCount\n        nodes {\n          id\n          reason\n          note\n          createdAt\n          reporter {\n            username\n          }\n        }\n      }\n    }\n  }\n": typeof types.AdminModerationItemDocument,
    "\n  mutation AdminResolveReport($itemId: ID!, $action: ModerationResolution!, $note: String, $suspendDays: Int) {\n    resolveReport(itemId: $itemId, action: $action, note: $note, suspendDays: $suspendDays) {\n      id\n      status\n      resolution\n    }\n  }\n": typeof types.AdminResolveReportDocument,
    "\n  query AdminModerationLog($first: Int!, $after: String, $filter: ModerationLogFilter) {\n    moderationLog(first: $first, after: $after, filter: $filter) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        action\n        targetType\n        targetId\n        reason\n        before\n        after\n        createdAt\n        actor {\n          id\n          username\n        }\n      }\n    }\n  }\n": typeof types.AdminModerationLogDocument,
    "\n  query AdminRecommender($first: Int!, $after: String) {\n    activeRecommender {\n      activatedAt\n      activatedBy {\n        username\n      }\n      model {\n        id\n      }\n    }\n    recommenderTraining {\n      ...AdminTrainingRun\n    }\n    recommenderModels(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...AdminTrainingRun\n        active\n        kind\n        users\n        items\n        interactions\n        fitSeconds\n        silhouette\n        interestGroupCount\n        trigger\n        startedBy {\n          username\n        }\n        metrics {\n          ndcgAt10\n          precisionAt10\n          recallAt10\n          mapAt10\n          coverage\n          users\n        }\n      }\n    }\n  }\n": typeof types.AdminRecommenderDocument,
    "\n  fragment AdminTrainingRun on RecommenderModel {\n    id\n    status\n    stage\n    progress\n    requestedKind\n    startedAt\n    finishedAt\n    error\n  }\n": typeof types.AdminTrainingRunFragmentDoc,
    "\n  subscription AdminTrainingUpdates {\n    recommenderTraining {\n      ...AdminTrainingRun\n    }\n  }\n": typeof types.AdminTrainingUpdatesDocument,
    "\n  mutation AdminRetrain($kind: RecommenderKind) {\n    retrainRecommender(kind: $kind) {\n      ...AdminTrainingRun\n    }\n  }\n": typeof types.AdminRetrainDocument,
    "\n  mutation AdminCancelTraining($id: ID!) {\n    cancelRecommenderTraining(id: $id) {\n      ...AdminTrainingRun\n    }\n  }\n": typeof types.AdminCancelTrainingDocument,
    "\n  mutation AdminActivateModel($id: ID!) {\n    activateRecommenderModel(id: $id) {\n      model {\n        id\n      }\n    }\n  }\n": typeof types.AdminActivateModelDocument,
    "\n  query AdminInterestGroups {\n    interestGroups {\n      k\n      silhouette\n      modelId\n      groups {\n        id\n        label\n        size\n        tags\n        points {\n          x\n          y\n        }\n      }\n    }\n  }\n": typeof types.AdminInterestGroupsDocument,
    "\n  query AdminRewardRules {\n    rewardRules {\n      key\n      description\n      points\n      enabled\n      capped\n      updatedAt\n    }\n  }\n": typeof types.AdminRewardRulesDocument,
    "\n  mutation AdminUpdateRewardRule($key: String!, $input: UpdateRewardRuleInput!) {\n    updateRewardRule(key: $key, input: $input) {\n      key\n      points\n      enabled\n      capped\n      updatedAt\n    }\n  }\n": typeof types.AdminUpdateRewardRuleDocument,
    "\n  query AdminUserLedger($userId: ID!, $first: Int!, $after: String, $filter: RewardFilter) {\n    userRewards(userId: $userId, first: $first, after: $after, filter: $filter) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        rule\n        points\n        entry\n        createdAt\n        actor {\n          username\n        }\n      }\n    }\n  }\n": typeof types.AdminUserLedgerDocument,
    "\n  query AdminLeaderboard($period: LeaderboardPeriod!, $tag: String) {\n    leaderboard(first: 20, period: $period, tag: $tag) {\n      rank\n      points\n      user {\n        id\n        username\n        displayName\n        level\n      }\n    }\n  }\n": typeof types.AdminLeaderboardDocument,
    "\n  query AdminPayouts($first: Int!, $after: String, $status: PayoutStatus) {\n    payouts(first: $first, after: $after, status: $status) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        amountCents\n        currency\n        status\n        reason\n        requestedAt\n        decidedAt\n        creator {\n          id\n          username\n        }\n      }\n    }\n  }\n": typeof types.AdminPayoutsDocument,
    "\n  mutation AdminMarkPayoutPaid($payoutId: ID!) {\n    markPayoutPaid(payoutId: $payoutId) {\n      id\n      status\n    }\n  }\n": typeof types.AdminMarkPayoutPaidDocument,
    "\n  mutation AdminRejectPayout($payoutId: ID!, $reason: String!) {\n    rejectPayout(payoutId: $payoutId, reason: $reason) {\n      id\n      status\n    }\n  }\n": typeof types.AdminRejectPayoutDocument,
    "\n  query AdminCourseSearch($search: String!) {\n    courses(first: 10, filter: { search: $search }) {\n      nodes {\n        id\n        title\n      }\n    }\n  }\n": typeof types.AdminCourseSearchDocument,
    "\n  query AdminThreads($first: Int!, $after: String, $filter: ThreadFilter, $orderBy: ThreadOrderBy) {\n    threads(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        title\n        kind\n        tags\n        score\n        answerCount\n        createdAt\n        pinnedAt\n        pinScope\n        featuredAt\n        isLocked\n        hidden\n        deletedAt\n        author {\n          id\n          username\n        }\n        course {\n          id\n          title\n        }\n      }\n    }\n  }\n": typeof types.AdminThreadsDocument,
    "\n  mutation AdminCurateThreads($input: CurateThreadsInput!) {\n    curateThreads(input: $input) {\n      threadId\n      error {\n        code\n        message\n      }\n    }\n  }\n": typeof types.AdminCurateThreadsDocument,
    "\n  mutation AdminMergeThreads($fromId: ID!, $intoId: ID!) {\n    mergeThreads(fromId: $fromId, intoId: $intoId) {\n      id\n    }\n  }\n": typeof types.AdminMergeThreadsDocument,
    "\n  mutation AdminCloseAsDuplicate($threadId: ID!, $ofThreadId: ID!) {\n    closeAsDuplicate(threadId: $threadId, ofThreadId: $ofThreadId) {\n      id\n    }\n  }\n": typeof types.AdminCloseAsDuplicateDocument,
    "\n  query AdminUsers($first: Int!, $after: String, $filter: UserFilter) {\n    users(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        username\n        displayName\n        email\n        role\n        status\n        points\n        level\n        createdAt\n      }\n    }\n  }\n": typeof types.AdminUsersDocument,
    "\n  query AdminUserDetail($id: ID!, $historyAfter: String) {\n    node(id: $id) {\n      __typename\n      ... on User {\n        id\n        username\n        displayName\n        email\n        bio\n        role\n        status\n        suspension {\n          reason\n          until\n        }\n        points\n        level\n        levelProgress {\n          fraction\n          nextLevel\n          nextLevelPoints\n        }\n        createdAt\n        certifiedAt\n        badges {\n          awardedAt\n          badge {\n            key\n            name\n          }\n        }\n        certifications {\n          id\n          tags\n          note\n          inForce\n          grantedAt\n          revokedAt\n          revokeReason\n        }\n        rewards(first: 20, after: $historyAfter) {\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n          nodes {\n            id\n            rule\n            points\n            entry\n            createdAt\n          }\n        }\n      }\n    }\n  }\n": typeof types.AdminUserDetailDocument,
    "\n  mutation AdminAdjustPoints($input: AdjustPointsInput!) {\n    adjustPoints(input: $input) {\n      id\n      credited\n    }\n  }\n": typeof types.AdminAdjustPointsDocument,
    "\n  mutation AdminSetUserRole($userId: ID!, $role: UserRole!) {\n    setUserRole(userId: $userId, role: $role) {\n      id\n      role\n    }\n  }\n": typeof types.AdminSetUserRoleDocument,
    "\n  mutation AdminSuspendUser($input: SuspendUserInput!) {\n    suspendUser(input: $input) {\n      id\n      status\n    }\n  }\n": typeof types.AdminSuspendUserDocument,
    "\n  mutation AdminUnsuspendUser($userId: ID!) {\n    unsuspendUser(userId: $userId) {\n      id\n      status\n    }\n  }\n": typeof types.AdminUnsuspendUserDocument,
    "\n  mutation AdminCertifyCreator($userId: ID!, $tags: [String!]!, $note: String) {\n    certifyCreator(userId: $userId, tags: $tags, note: $note) {\n      id\n    }\n  }\n": typeof types.AdminCertifyCreatorDocument,
    "\n  mutation AdminRevokeCertification($userId: ID!, $reason: String!) {\n    revokeCertification(userId: $userId, reason: $reason) {\n      id\n    }\n  }\n": typeof types.AdminRevokeCertificationDocument,
};
const documents: Documents = {
    "\n  query AdminUserSearch($search: String!, $role: UserRole) {\n    users(first: 10, filter: { search: $search, role: $role }) {\n      nodes {\n        id\n        username\n        displayName\n      }\n    }\n  }\n": types.AdminUserSearchDocument,
    "\n  mutation AdminLogin($login: String!, $password: String!) {\n    login(input: { login: $login, password: $password }) {\n      accessToken\n      refreshToken\n      user {\n        id\n        username\n        role\n      }\n    }\n  }\n": types.AdminLoginDocument,
    "\n  mutation AdminRefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n    }\n  }\n": types.AdminRefreshSessionDocument,
    "\n  mutation AdminLogout {\n    logout\n  }\n": types.AdminLogoutDocument,
    "\n  query AdminMe {\n    me {\n      id\n      username\n      displayName\n      role\n    }\n  }\n": types.AdminMeDocument,
    "\n  query AdminCourses($first: Int!, $after: String, $filter: CourseFilter, $orderBy: CourseOrderBy) {\n    courses(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        title\n        slug\n        status\n        priceCents\n        currency\n        enrollmentCount\n        publishedAt\n        createdAt\n        creator {\n          id\n          username\n        }\n        ratingSummary {\n          average\n          count\n        }\n        revenue {\n          currency\n          paidEnrollments\n          netCents\n          refunds\n        }\n      }\n    }\n  }\n": types.AdminCoursesDocument,
    "\n  query AdminDashboard($from: Date!, $to: Date!, $fromTime: DateTime!, $toTime: DateTime!) {\n    moderationQueue(first: 1, filter: { status: OPEN }) {\n      totalCount\n    }\n    daily: activityMetrics(from: $from, to: $to, granularity: DAY) {\n      points {\n        date\n        dau\n        wau\n        mau\n      }\n    }\n    weekly: activityMetrics(from: $from, to: $to, granularity: WEEK) {\n      points {\n        date\n        newMembers\n        newContributors\n      }\n    }\n    retentionCohorts(from: $from, to: $to, granularity: WEEK) {\n      date\n      members\n      periods {\n        index\n        share\n        active\n      }\n    }\n    funnel(from: $from, to: $to, granularity: MONTH) {\n      steps {\n        step\n        members\n        conversion\n        overall\n      }\n    }\n    communityHealth(from: $from, to: $to, granularity: WEEK) {\n      points {\n        date\n        threads\n        shareAnswered\n        featuredShare\n        medianSecondsToFirstAnswer\n      }\n    }\n    rewardSummary(from: $fromTime, to: $toTime, groupBy: WEEK) {\n      rule\n      total\n      points {\n        periodStart\n        points\n      }\n    }\n  }\n": types.AdminDashboardDocument,
    "\n  query AdminExperiments($first: Int!, $after: String, $status: ExperimentStatus) {\n    experiments(first: $first, after: $after, status: $status) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        key\n        description\n        metric\n        status\n        createdAt\n        startedAt\n        stoppedAt\n        variants {\n          name\n          share\n        }\n      }\n    }\n  }\n": types.AdminExperimentsDocument,
    "\n  mutation AdminCreateExperiment($input: CreateExperimentInput!) {\n    createExperiment(input: $input) {\n      id\n      key\n    }\n  }\n": types.AdminCreateExperimentDocument,
    "\n  mutation AdminStartExperiment($key: String!) {\n    startExperiment(key: $key) {\n      id\n      status\n    }\n  }\n": types.AdminStartExperimentDocument,
    "\n  mutation AdminStopExperiment($key: String!) {\n    stopExperiment(key: $key) {\n      id\n      status\n    }\n  }\n": types.AdminStopExperimentDocument,
    "\n  query AdminExperimentResults($key: String!) {\n    experimentResults(key: $key) {\n      users\n      sampleRatioMismatch\n      sampleRatioPValue\n      sampleRatioChiSquare\n      sampleRatioDegreesOfFreedom\n      variants {\n        name\n        users\n        conversions\n        rate\n        expectedShare\n        versusControl {\n          uplift\n          relativeUplift\n          confidenceLow\n          confidenceHigh\n          pValue\n        }\n      }\n    }\n  }\n": types.AdminExperimentResultsDocument,
    "\n  query AdminModerationQueue($first: Int!, $after: String, $filter: ModerationQueueFilter) {\n    moderationQueue(first: $first, after: $after, filter: $filter, orderBy: WEIGHT) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        source\n        targetType\n        status\n        weight\n        reportCount\n        topReason\n        detail\n        user {\n          id\n          username\n        }\n        thread {\n          id\n          title\n        }\n        answer {\n          id\n          body\n        }\n        comment {\n          id\n          body\n        }\n      }\n    }\n  }\n": types.AdminModerationQueueDocument,
    "\n  query AdminModerationItem($id: ID!) {\n    moderationItem(id: $id) {\n      id\n      status\n      autoHidden\n      detail\n      createdAt\n      resolution\n      resolutionNote\n      resolvedAt\n      resolvedBy {\n        username\n      }\n      user {\n        id\n        username\n        displayName\n        status\n      }\n      relatedUser {\n        username\n      }\n      authorHistory {\n        threads\n        answers\n        comments\n        hiddenPosts\n        suspensions\n        upheldReports\n      }\n      thread {\n        id\n        title\n        body\n        hidden\n        deletedAt\n      }\n      answer {\n        id\n        body\n        hidden\n        deletedAt\n        thread {\n          title\n        }\n      }\n      comment {\n        id\n        body\n        hidden\n        deletedAt\n        thread {\n          title\n        }\n        answer {\n          id\n        }\n      }\n      reports(first: 20) {\n        totalCount\n        nodes {\n          id\n          reason\n          note\n          createdAt\n          reporter {\n            username\n          }\n        }\n      }\n    }\n  }\n": types.AdminModerationItemDocument,
    "\n  mutation AdminResolveReport($itemId: ID!, $action: ModerationResolution!, $note: String, $suspendDays: Int) {\n    resolveReport(itemId: $itemId, action: $action, note: $note, suspendDays: $suspendDays) {\n      id\n      status\n      resolution\n    }\n  }\n": types.AdminResolveReportDocument,
    "\n  query AdminModerationLog($first: Int!, $after: String, $filter: ModerationLogFilter) {\n    moderationLog(first: $first, after: $after, filter: $filter) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        action\n        targetType\n        targetId\n        reason\n        before\n        after\n        createdAt\n        actor {\n          id\n          username\n        }\n      }\n    }\n  }\n": types.AdminModerationLogDocument,
    "\n  query AdminRecommender($first: Int!, $after: String) {\n    activeRecommender {\n      activatedAt\n      activatedBy {\n        username\n      }\n      model {\n        id\n      }\n    }\n    recommenderTraining {\n      ...AdminTrainingRun\n    }\n    recommenderModels(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...AdminTrainingRun\n        active\n        kind\n        users\n        items\n        interactions\n        fitSeconds\n        silhouette\n        interestGroupCount\n        trigger\n        startedBy {\n          username\n        }\n        metrics {\n          ndcgAt10\n          precisionAt10\n          recallAt10\n          mapAt10\n          coverage\n          users\n        }\n      }\n    }\n  }\n": types.AdminRecommenderDocument,
    "\n  fragment AdminTrainingRun on RecommenderModel {\n    id\n    status\n    stage\n    progress\n    requestedKind\n    startedAt\n    finishedAt\n    error\n  }\n": types.AdminTrainingRunFragmentDoc,
    "\n  subscription AdminTrainingUpdates {\n    recommenderTraining {\n      ...AdminTrainingRun\n    }\n  }\n": types.AdminTrainingUpdatesDocument,
    "\n  mutation AdminRetrain($kind: RecommenderKind) {\n    retrainRecommender(kind: $kind) {\n      ...AdminTrainingRun\n    }\n  }\n": types.AdminRetrainDocument,
    "\n  mutation AdminCancelTraining($id: ID!) {\n    cancelRecommenderTraining(id: $id) {\n      ...AdminTrainingRun\n    }\n  }\n": types.AdminCancelTrainingDocument,
    "\n  mutation AdminActivateModel($id: ID!) {\n    activateRecommenderModel(id: $id) {\n      model {\n        id\n      }\n    }\n  }\n": types.AdminActivateModelDocument,
    "\n  query AdminInterestGroups {\n    interestGroups {\n      k\n      silhouette\n      modelId\n      groups {\n        id\n        label\n        size\n        tags\n        points {\n          x\n          y\n        }\n      }\n    }\n  }\n": types.AdminInterestGroupsDocument,
    "\n  query AdminRewardRules {\n    rewardRules {\n      key\n      description\n      points\n      enabled\n      capped\n      updatedAt\n    }\n  }\n": types.AdminRewardRulesDocument,
    "\n  mutation AdminUpdateRewardRule($key: String!, $input: UpdateRewardRuleInput!) {\n    updateRewardRule(key: $key, input: $input) {\n      key\n      points\n      enabled\n      capped\n      updatedAt\n    }\n  }\n": types.AdminUpdateRewardRuleDocument,
    "\n  query AdminUserLedger($userId: ID!, $first: Int!, $after: String, $filter: RewardFilter) {\n    userRewards(userId: $userId, first: $first, after: $after, filter: $filter) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        rule\n        points\n        entry\n        createdAt\n        actor {\n          username\n        }\n      }\n    }\n  }\n": types.AdminUserLedgerDocument,
    "\n  query AdminLeaderboard($period: LeaderboardPeriod!, $tag: String) {\n    leaderboard(first: 20, period: $period, tag: $tag) {\n      rank\n      points\n      user {\n        id\n        username\n        displayName\n        level\n      }\n    }\n  }\n": types.AdminLeaderboardDocument,
    "\n  query AdminPayouts($first: Int!, $after: String, $status: PayoutStatus) {\n    payouts(first: $first, after: $after, status: $status) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        amountCents\n        currency\n        status\n        reason\n        requestedAt\n        decidedAt\n        creator {\n          id\n          username\n        }\n      }\n    }\n  }\n": types.AdminPayoutsDocument,
    "\n  mutation AdminMarkPayoutPaid($payoutId: ID!) {\n    markPayoutPaid(payoutId: $payoutId) {\n      id\n      status\n    }\n  }\n": types.AdminMarkPayoutPaidDocument,
    "\n  mutation AdminRejectPayout($payoutId: ID!, $reason: String!) {\n    rejectPayout(payoutId: $payoutId, reason: $reason) {\n      id\n      status\n    }\n  }\n": types.AdminRejectPayoutDocument,
    "\n  query AdminCourseSearch($search: String!) {\n    courses(first: 10, filter: { search: $search }) {\n      nodes {\n        id\n        title\n      }\n    }\n  }\n": types.AdminCourseSearchDocument,
    "\n  query AdminThreads($first: Int!, $after: String, $filter: ThreadFilter, $orderBy: ThreadOrderBy) {\n    threads(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        title\n        kind\n        tags\n        score\n        answerCount\n        createdAt\n        pinnedAt\n        pinScope\n        featuredAt\n        isLocked\n        hidden\n        deletedAt\n        author {\n          id\n          username\n        }\n        course {\n          id\n          title\n        }\n      }\n    }\n  }\n": types.AdminThreadsDocument,
    "\n  mutation AdminCurateThreads($input: CurateThreadsInput!) {\n    curateThreads(input: $input) {\n      threadId\n      error {\n        code\n        message\n      }\n    }\n  }\n": types.AdminCurateThreadsDocument,
    "\n  mutation AdminMergeThreads($fromId: ID!, $intoId: ID!) {\n    mergeThreads(fromId: $fromId, intoId: $intoId) {\n      id\n    }\n  }\n": types.AdminMergeThreadsDocument,
    "\n  mutation AdminCloseAsDuplicate($threadId: ID!, $ofThreadId: ID!) {\n    closeAsDuplicate(threadId: $threadId, ofThreadId: $ofThreadId) {\n      id\n    }\n  }\n": types.AdminCloseAsDuplicateDocument,
    "\n  query AdminUsers($first: Int!, $after: String, $filter: UserFilter) {\n    users(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        username\n        displayName\n        email\n        role\n        status\n        points\n        level\n        createdAt\n      }\n    }\n  }\n": types.AdminUsersDocument,
    "\n  query AdminUserDetail($id: ID!, $historyAfter: String) {\n    node(id: $id) {\n      __typename\n      ... on User {\n        id\n        username\n        displayName\n        email\n        bio\n        role\n        status\n        suspension {\n          reason\n          until\n        }\n        points\n        level\n        levelProgress {\n          fraction\n          nextLevel\n          nextLevelPoints\n        }\n        createdAt\n        certifiedAt\n        badges {\n          awardedAt\n          badge {\n            key\n            name\n          }\n        }\n        certifications {\n          id\n          tags\n          note\n          inForce\n          grantedAt\n          revokedAt\n          revokeReason\n        }\n        rewards(first: 20, after: $historyAfter) {\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n          nodes {\n            id\n            rule\n            points\n            entry\n            createdAt\n          }\n        }\n      }\n    }\n  }\n": types.AdminUserDetailDocument,
    "\n  mutation AdminAdjustPoints($input: AdjustPointsInput!) {\n    adjustPoints(input: $input) {\n      id\n      credited\n    }\n  }\n": types.AdminAdjustPointsDocument,
    "\n  mutation AdminSetUserRole($userId: ID!, $role: UserRole!) {\n    setUserRole(userId: $userId, role: $role) {\n      id\n      role\n    }\n  }\n": types.AdminSetUserRoleDocument,
    "\n  mutation AdminSuspendUser($input: SuspendUserInput!) {\n    suspendUser(input: $input) {\n      id\n      status\n    }\n  }\n": types.AdminSuspendUserDocument,
    "\n  mutation AdminUnsuspendUser($userId: ID!) {\n    unsuspendUser(userId: $userId) {\n      id\n      status\n    }\n  }\n": types.AdminUnsuspendUserDocument,
    "\n  mutation AdminCertifyCreator($userId: ID!, $tags: [String!]!, $note: String) {\n    certifyCreator(userId: $userId, tags: $tags, note: $note) {\n      id\n    }\n  }\n": types.AdminCertifyCreatorDocument,
    "\n  mutation AdminRevokeCertification($userId: ID!, $reason: String!) {\n    revokeCertification(userId: $userId, reason: $reason) {\n      id\n    }\n  }\n": types.AdminRevokeCertificationDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminUserSearch($search: String!, $role: UserRole) {\n    users(first: 10, filter: { search: $search, role: $role }) {\n      nodes {\n        id\n        username\n        displayName\n      }\n    }\n  }\n"): typeof import('./graphql').AdminUserSearchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminLogin($login: String!, $password: String!) {\n    login(input: { login: $login, password: $password }) {\n      accessToken\n      refreshToken\n      user {\n        id\n        username\n        role\n      }\n    }\n  }\n"): typeof import('./graphql').AdminLoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminRefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n    }\n  }\n"): typeof import('./graphql').AdminRefreshSessionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminLogout {\n    logout\n  }\n"): typeof import('./graphql').AdminLogoutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminMe {\n    me {\n      id\n      username\n      displayName\n      role\n    }\n  }\n"): typeof import('./graphql').AdminMeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminCourses($first: Int!, $after: String, $filter: CourseFilter, $orderBy: CourseOrderBy) {\n    courses(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        title\n        slug\n        status\n        priceCents\n        currency\n        enrollmentCount\n        publishedAt\n        createdAt\n        creator {\n          id\n          username\n        }\n        ratingSummary {\n          average\n          count\n        }\n        revenue {\n          currency\n          paidEnrollments\n          netCents\n          refunds\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AdminCoursesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminDashboard($from: Date!, $to: Date!, $fromTime: DateTime!, $toTime: DateTime!) {\n    moderationQueue(first: 1, filter: { status: OPEN }) {\n      totalCount\n    }\n    daily: activityMetrics(from: $from, to: $to, granularity: DAY) {\n      points {\n        date\n        dau\n        wau\n        mau\n      }\n    }\n    weekly: activityMetrics(from: $from, to: $to, granularity: WEEK) {\n      points {\n        date\n        newMembers\n        newContributors\n      }\n    }\n    retentionCohorts(from: $from, to: $to, granularity: WEEK) {\n      date\n      members\n      periods {\n        index\n        share\n        active\n      }\n    }\n    funnel(from: $from, to: $to, granularity: MONTH) {\n      steps {\n        step\n        members\n        conversion\n        overall\n      }\n    }\n    communityHealth(from: $from, to: $to, granularity: WEEK) {\n      points {\n        date\n        threads\n        shareAnswered\n        featuredShare\n        medianSecondsToFirstAnswer\n      }\n    }\n    rewardSummary(from: $fromTime, to: $toTime, groupBy: WEEK) {\n      rule\n      total\n      points {\n        periodStart\n        points\n      }\n    }\n  }\n"): typeof import('./graphql').AdminDashboardDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminExperiments($first: Int!, $after: String, $status: ExperimentStatus) {\n    experiments(first: $first, after: $after, status: $status) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        key\n        description\n        metric\n        status\n        createdAt\n        startedAt\n        stoppedAt\n        variants {\n          name\n          share\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AdminExperimentsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreateExperiment($input: CreateExperimentInput!) {\n    createExperiment(input: $input) {\n      id\n      key\n    }\n  }\n"): typeof import('./graphql').AdminCreateExperimentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminStartExperiment($key: String!) {\n    startExperiment(key: $key) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').AdminStartExperimentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminStopExperiment($key: String!) {\n    stopExperiment(key: $key) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').AdminStopExperimentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminExperimentResults($key: String!) {\n    experimentResults(key: $key) {\n      users\n      sampleRatioMismatch\n      sampleRatioPValue\n      sampleRatioChiSquare\n      sampleRatioDegreesOfFreedom\n      variants {\n        name\n        users\n        conversions\n        rate\n        expectedShare\n        versusControl {\n          uplift\n          relativeUplift\n          confidenceLow\n          confidenceHigh\n          pValue\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AdminExperimentResultsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminModerationQueue($first: Int!, $after: String, $filter: ModerationQueueFilter) {\n    moderationQueue(first: $first, after: $after, filter: $filter, orderBy: WEIGHT) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        source\n        targetType\n        status\n        weight\n        reportCount\n        topReason\n        detail\n        user {\n          id\n          username\n        }\n        thread {\n          id\n          title\n        }\n        answer {\n          id\n          body\n        }\n        comment {\n          id\n          body\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AdminModerationQueueDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminModerationItem($id: ID!) {\n    moderationItem(id: $id) {\n      id\n      status\n      autoHidden\n      detail\n      createdAt\n      resolution\n      resolutionNote\n      resolvedAt\n      resolvedBy {\n        username\n      }\n      user {\n        id\n        username\n        displayName\n        status\n      }\n      relatedUser {\n        username\n      }\n      authorHistory {\n        threads\n        answers\n        comments\n        hiddenPosts\n        suspensions\n        upheldReports\n      }\n      thread {\n        id\n        title\n        body\n        hidden\n        deletedAt\n      }\n      answer {\n        id\n        body\n        hidden\n        deletedAt\n        thread {\n          title\n        }\n      }\n      comment {\n        id\n        body\n        hidden\n        deletedAt\n        thread {\n          title\n        }\n        answer {\n          id\n        }\n      }\n      reports(first: 20) {\n        totalCount\n        nodes {\n          id\n          reason\n          note\n          createdAt\n          reporter {\n            username\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AdminModerationItemDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminResolveReport($itemId: ID!, $action: ModerationResolution!, $note: String, $suspendDays: Int) {\n    resolveReport(itemId: $itemId, action: $action, note: $note, suspendDays: $suspendDays) {\n      id\n      status\n      resolution\n    }\n  }\n"): typeof import('./graphql').AdminResolveReportDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminModerationLog($first: Int!, $after: String, $filter: ModerationLogFilter) {\n    moderationLog(first: $first, after: $after, filter: $filter) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        action\n        targetType\n        targetId\n        reason\n        before\n        after\n        createdAt\n        actor {\n          id\n          username\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AdminModerationLogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminRecommender($first: Int!, $after: String) {\n    activeRecommender {\n      activatedAt\n      activatedBy {\n        username\n      }\n      model {\n        id\n      }\n    }\n    recommenderTraining {\n      ...AdminTrainingRun\n    }\n    recommenderModels(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...AdminTrainingRun\n        active\n        kind\n        users\n        items\n        interactions\n        fitSeconds\n        silhouette\n        interestGroupCount\n        trigger\n        startedBy {\n          username\n        }\n        metrics {\n          ndcgAt10\n          precisionAt10\n          recallAt10\n          mapAt10\n          coverage\n          users\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AdminRecommenderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AdminTrainingRun on RecommenderModel {\n    id\n    status\n    stage\n    progress\n    requestedKind\n    startedAt\n    finishedAt\n    error\n  }\n"): typeof import('./graphql').AdminTrainingRunFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AdminTrainingUpdates {\n    recommenderTraining {\n      ...AdminTrainingRun\n    }\n  }\n"): typeof import('./graphql').AdminTrainingUpdatesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminRetrain($kind: RecommenderKind) {\n    retrainRecommender(kind: $kind) {\n      ...AdminTrainingRun\n    }\n  }\n"): typeof import('./graphql').AdminRetrainDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCancelTraining($id: ID!) {\n    cancelRecommenderTraining(id: $id) {\n      ...AdminTrainingRun\n    }\n  }\n"): typeof import('./graphql').AdminCancelTrainingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminActivateModel($id: ID!) {\n    activateRecommenderModel(id: $id) {\n      model {\n        id\n      }\n    }\n  }\n"): typeof import('./graphql').AdminActivateModelDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminInterestGroups {\n    interestGroups {\n      k\n      silhouette\n      modelId\n      groups {\n        id\n        label\n        size\n        tags\n        points {\n          x\n          y\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AdminInterestGroupsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminRewardRules {\n    rewardRules {\n      key\n      description\n      points\n      enabled\n      capped\n      updatedAt\n    }\n  }\n"): typeof import('./graphql').AdminRewardRulesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUpdateRewardRule($key: String!, $input: UpdateRewardRuleInput!) {\n    updateRewardRule(key: $key, input: $input) {\n      key\n      points\n      enabled\n      capped\n      updatedAt\n    }\n  }\n"): typeof import('./graphql').AdminUpdateRewardRuleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminUserLedger($userId: ID!, $first: Int!, $after: String, $filter: RewardFilter) {\n    userRewards(userId: $userId, first: $first, after: $after, filter: $filter) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        rule\n        points\n        entry\n        createdAt\n        actor {\n          username\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AdminUserLedgerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminLeaderboard($period: LeaderboardPeriod!, $tag: String) {\n    leaderboard(first: 20, period: $period, tag: $tag) {\n      rank\n      points\n      user {\n        id\n        username\n        displayName\n        level\n      }\n    }\n  }\n"): typeof import('./graphql').AdminLeaderboardDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminPayouts($first: Int!, $after: String, $status: PayoutStatus) {\n    payouts(first: $first, after: $after, status: $status) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        amountCents\n        currency\n        status\n        reason\n        requestedAt\n        decidedAt\n        creator {\n          id\n          username\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AdminPayoutsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminMarkPayoutPaid($payoutId: ID!) {\n    markPayoutPaid(payoutId: $payoutId) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').AdminMarkPayoutPaidDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminRejectPayout($payoutId: ID!, $reason: String!) {\n    rejectPayout(payoutId: $payoutId, reason: $reason) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').AdminRejectPayoutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminCourseSearch($search: String!) {\n    courses(first: 10, filter: { search: $search }) {\n      nodes {\n        id\n        title\n      }\n    }\n  }\n"): typeof import('./graphql').AdminCourseSearchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminThreads($first: Int!, $after: String, $filter: ThreadFilter, $orderBy: ThreadOrderBy) {\n    threads(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        title\n        kind\n        tags\n        score\n        answerCount\n        createdAt\n        pinnedAt\n        pinScope\n        featuredAt\n        isLocked\n        hidden\n        deletedAt\n        author {\n          id\n          username\n        }\n        course {\n          id\n          title\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AdminThreadsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCurateThreads($input: CurateThreadsInput!) {\n    curateThreads(input: $input) {\n      threadId\n      error {\n        code\n        message\n      }\n    }\n  }\n"): typeof import('./graphql').AdminCurateThreadsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminMergeThreads($fromId: ID!, $intoId: ID!) {\n    mergeThreads(fromId: $fromId, intoId: $intoId) {\n      id\n    }\n  }\n"): typeof import('./graphql').AdminMergeThreadsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCloseAsDuplicate($threadId: ID!, $ofThreadId: ID!) {\n    closeAsDuplicate(threadId: $threadId, ofThreadId: $ofThreadId) {\n      id\n    }\n  }\n"): typeof import('./graphql').AdminCloseAsDuplicateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminUsers($first: Int!, $after: String, $filter: UserFilter) {\n    users(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        username\n        displayName\n        email\n        role\n        status\n        points\n        level\n        createdAt\n      }\n    }\n  }\n"): typeof import('./graphql').AdminUsersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminUserDetail($id: ID!, $historyAfter: String) {\n    node(id: $id) {\n      __typename\n      ... on User {\n        id\n        username\n        displayName\n        email\n        bio\n        role\n        status\n        suspension {\n          reason\n          until\n        }\n        points\n        level\n        levelProgress {\n          fraction\n          nextLevel\n          nextLevelPoints\n        }\n        createdAt\n        certifiedAt\n        badges {\n          awardedAt\n          badge {\n            key\n            name\n          }\n        }\n        certifications {\n          id\n          tags\n          note\n          inForce\n          grantedAt\n          revokedAt\n          revokeReason\n        }\n        rewards(first: 20, after: $historyAfter) {\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n          nodes {\n            id\n            rule\n            points\n            entry\n            createdAt\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AdminUserDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminAdjustPoints($input: AdjustPointsInput!) {\n    adjustPoints(input: $input) {\n      id\n      credited\n    }\n  }\n"): typeof import('./graphql').AdminAdjustPointsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminSetUserRole($userId: ID!, $role: UserRole!) {\n    setUserRole(userId: $userId, role: $role) {\n      id\n      role\n    }\n  }\n"): typeof import('./graphql').AdminSetUserRoleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminSuspendUser($input: SuspendUserInput!) {\n    suspendUser(input: $input) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').AdminSuspendUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUnsuspendUser($userId: ID!) {\n    unsuspendUser(userId: $userId) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').AdminUnsuspendUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCertifyCreator($userId: ID!, $tags: [String!]!, $note: String) {\n    certifyCreator(userId: $userId, tags: $tags, note: $note) {\n      id\n    }\n  }\n"): typeof import('./graphql').AdminCertifyCreatorDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminRevokeCertification($userId: ID!, $reason: String!) {\n    revokeCertification(userId: $userId, reason: $reason) {\n      id\n    }\n  }\n"): typeof import('./graphql').AdminRevokeCertificationDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
