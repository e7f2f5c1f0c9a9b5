/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Where an account is in its life. */
export type AccountStatus =
  /** May read and write. */
  | 'ACTIVE'
  /** Anonymised at the owner's request; its content stays, attributed to "Deleted user". */
  | 'DELETED'
  /** May read; every write answers FORBIDDEN until the suspension ends. */
  | 'SUSPENDED';

export type AdjustPointsInput = {
  /**
   * A key the client makes once per adjustment (1–100 visible ASCII
   * characters): a retry with it returns the first result instead of
   * adjusting again; the same key for another adjustment is a CONFLICT.
   */
  idempotencyKey: string;
  /** Points to add (positive) or take (negative): 1 to 10,000 either way. */
  points: number;
  /** Why (1–500 characters): kept with the adjustment and in the moderation log. */
  reason: string;
  /** The member whose points change. */
  userId: string | number;
};

/** Narrows the catalogue. */
export type CourseFilter = {
  /** One creator's courses. */
  creatorId?: string | number | null | undefined;
  /** True: free courses only; false: paid only. */
  free?: boolean | null | undefined;
  level?: CourseLevel | null | undefined;
  /** Highest price, in cents. */
  priceMaxCents?: number | null | undefined;
  /** Lowest price, in cents. */
  priceMinCents?: number | null | undefined;
  /**
   * Words that must all appear in the title, summary or tags; English and
   * 中文 (Chinese is split into words, so 推荐 finds 个性化推荐算法入门).
   */
  search?: string | null | undefined;
  /**
   * PUBLISHED when omitted. Drafts and archived courses are listed for
   * their creator (with `creatorId`) and for staff.
   */
  status?: CourseStatus | null | undefined;
  /** Courses with any of these tags. */
  tags?: Array<string> | null | undefined;
};

/** Who a course is for. */
export type CourseLevel =
  /** For practitioners. */
  | 'ADVANCED'
  /** No prior knowledge needed. */
  | 'BEGINNER'
  /** Builds on the basics. */
  | 'INTERMEDIATE';

/** Catalogue orders. */
export type CourseOrderBy =
  /** Most recently published first. */
  | 'NEWEST'
  /** Most live enrolments first. */
  | 'POPULAR'
  /** Cheapest first. */
  | 'PRICE_ASC'
  /** Most expensive first. */
  | 'PRICE_DESC'
  /**
   * Highest Bayesian average rating first: every course starts as if it had
   * 5 ratings of 3.0, so one 5-star review does not top the list.
   */
  | 'TOP_RATED';

/** A course's lifecycle. */
export type CourseStatus =
  /** Out of the catalogue and closed to enrolment; enrolled learners keep reading it. */
  | 'ARCHIVED'
  /** Being written: visible to its creator and staff only. */
  | 'DRAFT'
  /** In the catalogue, open for enrolment. */
  | 'PUBLISHED';

/** A new experiment (a draft until started). */
export type CreateExperimentInput = {
  /** What is tried, for the operators (at most 2,000 characters). */
  description?: string | null | undefined;
  /**
   * Unique; 1 to 64 lowercase letters, digits, `-`, `_` or `.`, starting
   * with a letter or digit. Clients ask for their variant with it.
   */
  key: string;
  /**
   * The event kind that counts as a conversion (e.g. `ENROL`,
   * `RECOMMENDATION_CLICK`).
   */
  metric: string;
  /**
   * 2 to 10 variants; the first is the control the others are compared
   * with. Fixed once created.
   */
  variants: Array<ExperimentVariantInput>;
};

/** One action on many threads. */
export type CurateThreadsInput = {
  action: CurationAction;
  /** MOVE: the course to move to; null moves community-wide. */
  courseId?: string | number | null | undefined;
  /** LOCK, HIDE: why (recorded in the moderation log). */
  reason?: string | null | undefined;
  /** PIN: where (each thread's natural scope when omitted). */
  scope?: PinScope | null | undefined;
  /** RETAG: the new tags (required). */
  tags?: Array<string> | null | undefined;
  /** 1–100 threads; each is acted on in its own transaction. */
  threadIds: Array<string | number>;
};

/** What `curateThreads` does to each thread. */
export type CurationAction =
  /** `featureThread` (staff). */
  | 'FEATURE'
  /** `hideContent` on the thread (with the input's `reason`). */
  | 'HIDE'
  /** `lockThread` (with the input's `reason`). */
  | 'LOCK'
  /** `moveThread` to the input's `courseId` (community-wide when null; staff). */
  | 'MOVE'
  /** `pinThread` (with the input's `scope`). */
  | 'PIN'
  /** `retagThread` with the input's `tags` (staff). */
  | 'RETAG'
  | 'UNFEATURE'
  | 'UNHIDE'
  | 'UNLOCK'
  | 'UNPIN';

/** Where an experiment is in its life. */
export type ExperimentStatus =
  /** Defined; assigns nobody until started. */
  | 'DRAFT'
  /** Assigns members and records their exposures. */
  | 'RUNNING'
  /** Over: assigns nobody; conversions count until `stoppedAt`. */
  | 'STOPPED';

/** A variant to create. */
export type ExperimentVariantInput = {
  /**
   * 1 to 32 letters, digits, `-` or `_`; distinct within the experiment
   * (ignoring case).
   */
  name: string;
  /**
   * A positive number; the variant's share of members is its weight
   * divided by the sum of the weights.
   */
  weight: number;
};

/** A step of the funnel. */
export type FunnelStep =
  /** Enrolled on or after the day they first viewed a course. */
  | 'ENROLLED'
  /**
   * Posted (a thread, answer or comment) on or after the day they reached
   * ENROLLED.
   */
  | 'POSTED'
  /** Viewed a course (a COURSE_VIEW event) on or after that day. */
  | 'VIEWED_COURSE'
  /**
   * Active on some day (any event): enters the funnel on their first
   * active day.
   */
  | 'VISITED';

/** The time a leaderboard covers. */
export type LeaderboardPeriod =
  /** All time: balances (with a tag, everything ever credited there). */
  | 'ALL'
  /** Points credited in the last 30 UTC days, today included. */
  | 'MONTH'
  /** Points credited in the last 7 UTC days, today included. */
  | 'WEEK';

/** What a moderator or administrator did (the log's `action`). */
export type ModerationAction =
  /** An administrator added or took points by hand (`before`/`after`: the balance). */
  | 'ADJUST_POINTS'
  /** Auto-moderation refused a post with a blocked word (no actor). */
  | 'AUTO_BLOCK'
  /** Reports' weight hid a post until review (no actor). */
  | 'AUTO_HIDE'
  /** Auto-moderation held a post for review (no actor). */
  | 'AUTO_HOLD'
  | 'CERTIFY'
  | 'CLOSE_AS_DUPLICATE'
  /** Tombstoned content (the log keeps what was removed in `before`). */
  | 'DELETE'
  | 'FEATURE'
  | 'HIDE'
  | 'LOCK'
  | 'MERGE'
  | 'MOVE'
  | 'PAYOUT_PAID'
  | 'PAYOUT_REJECTED'
  | 'PIN'
  | 'REOPEN'
  /** A queue item resolved; `after` holds the resolution. */
  | 'RESOLVE_REPORT'
  | 'RETAG'
  | 'REVOKE_CERTIFICATION'
  | 'SET_ROLE'
  | 'SUSPEND'
  | 'UNFEATURE'
  | 'UNHIDE'
  | 'UNLOCK'
  | 'UNPIN'
  | 'UNSUSPEND'
  | 'UPDATE_REWARD_RULE'
  /** A vote ring was found and queued (no actor). */
  | 'VOTE_RING_FLAGGED'
  | 'WARN'
  | 'WATCHED_WORD_ADDED'
  | 'WATCHED_WORD_REMOVED';

/** Whether a queue item still waits for a moderator. */
export type ModerationItemStatus =
  /** Waiting for review. */
  | 'OPEN'
  /** A moderator resolved it. */
  | 'RESOLVED';

/** Which log rows to show; all given conditions must hold. */
export type ModerationLogFilter = {
  action?: ModerationAction | null | undefined;
  /** From this time (inclusive). */
  from?: string | null | undefined;
  /** Actions by this user. */
  moderatorId?: string | number | null | undefined;
  /** Actions on this object (a thread, answer, comment, user, …). */
  targetId?: string | number | null | undefined;
  /** Up to this time (exclusive). */
  to?: string | null | undefined;
};

/** Which queue items to list; all given conditions must hold. */
export type ModerationQueueFilter = {
  /** Items with at least one report giving this reason. */
  reason?: ReportReason | null | undefined;
  source?: ModerationSource | null | undefined;
  /** OPEN when omitted. */
  status?: ModerationItemStatus | null | undefined;
  targetType?: ModerationTargetType | null | undefined;
};

/** What a moderator does with a queue item. */
export type ModerationResolution =
  /** Tombstone the post; its points are taken back (posts only). */
  | 'DELETE_CONTENT'
  /**
   * Nothing wrong: reports are dismissed, a post hidden by reports or
   * held for review is shown again.
   */
  | 'DISMISS'
  /** Hide the post from members (posts only). */
  | 'HIDE_CONTENT'
  /** Suspend the author (or the reported user) for `suspendDays`. */
  | 'SUSPEND_USER'
  /** Tell the author (or the reported user) they broke the rules. */
  | 'WARN_USER';

/** How an item came into the queue. */
export type ModerationSource =
  /** Auto-moderation held a Novice member's post with links. */
  | 'NOVICE_LINKS'
  /** Members reported the target. */
  | 'REPORTS'
  /** Two users who vote for each other (`user` and `relatedUser`). */
  | 'VOTE_RING'
  /** Auto-moderation held a post with a watched word. */
  | 'WATCHED_WORD';

/** What a log row, queue item or report is about. */
export type ModerationTargetType =
  | 'ANSWER'
  | 'COMMENT'
  | 'COURSE'
  | 'PAYOUT'
  | 'QUEUE_ITEM'
  | 'REWARD_RULE'
  | 'THREAD'
  | 'USER'
  | 'WATCHED_WORD';

/** Where a payout stands. */
export type PayoutStatus =
  /** Paid out. */
  | 'PAID'
  /** Refused; its amount went back to the available balance. */
  | 'REJECTED'
  /** Waiting for staff; its amount is already out of the available balance. */
  | 'REQUESTED';

/** Where a pinned thread stays on top. */
export type PinScope =
  /** On top of its course's threads. */
  | 'COURSE'
  /** On top of the community-wide list. */
  | 'GLOBAL';

/** Which model to train. */
export type RecommenderKind =
  /** Implicit ALS (latent factors). */
  | 'ALS'
  /**
   * The engine picks the best model for the data on a validation split
   * of the training data.
   */
  | 'AUTO'
  /** EASE item-item (closed form). */
  | 'EASE'
  /** A blend of collaborative, content and popularity models. */
  | 'HYBRID';

/** Where a training run is. */
export type RecommenderModelStatus =
  /** Cancelled before it finished; nothing was stored. */
  | 'CANCELLED'
  /** Training failed (see `error`); the previous model kept serving. */
  | 'FAILED'
  /** Trained and stored; may be activated. */
  | 'READY'
  /** Training now. */
  | 'RUNNING';

/** Why a member reports something. */
export type ReportReason =
  /** Insults, harassment or hate. */
  | 'ABUSIVE'
  /** Too poor to be useful. */
  | 'LOW_QUALITY'
  /** Not about the thread's or course's subject. */
  | 'OFF_TOPIC'
  /** Something else: the note says what. */
  | 'OTHER'
  /** Advertising or repeated unwanted posts. */
  | 'SPAM';

/** An award, or the reversal of one. */
export type RewardEntry =
  | 'AWARD'
  /**
   * Takes back exactly what its award credited (a retracted vote, removed
   * content, a refund).
   */
  | 'REVERSAL';

/** Narrows a reward history; every condition given must hold. */
export type RewardFilter = {
  /** Rows about this course (its enrolments, reviews and threads). */
  courseId?: string | number | null | undefined;
  /** Rows written at or after this instant. */
  from?: string | null | undefined;
  /** Rows of any of these rules (see `rewardRules`). */
  rules?: Array<string> | null | undefined;
  /** Rows written at or before this instant. */
  to?: string | null | undefined;
};

/** A suspension to impose. */
export type SuspendUserInput = {
  /** Shown to the user with every refused write. */
  reason: string;
  /** When the suspension ends; omit for one that lasts until lifted. */
  until?: string | null | undefined;
  /** The user to suspend. */
  userId: string | number;
};

/** Narrows a thread list; all given conditions must hold. */
export type ThreadFilter = {
  authorId?: string | number | null | undefined;
  /**
   * Threads of this course (its members only); without it, community-wide
   * threads and those of the viewer's courses.
   */
  courseId?: string | number | null | undefined;
  /** True: only featured (精华) threads; false: only threads not featured. */
  featured?: boolean | null | undefined;
  kind?: ThreadKind | null | undefined;
  /**
   * True: only pinned threads — with `courseId`, that course's pinned
   * threads (any scope); without, the GLOBAL-pinned ones. Clients show
   * these above the normal list (which still contains them). False: only
   * threads not pinned.
   */
  pinned?: boolean | null | undefined;
  /** Words that must all appear in the title, body or tags (English or 中文). */
  search?: string | null | undefined;
  /** Threads with any of these tags. */
  tags?: Array<string> | null | undefined;
  /** True: only threads without answers. */
  unanswered?: boolean | null | undefined;
};

/** What a thread asks for. */
export type ThreadKind =
  /** Open conversation; nothing to accept. */
  | 'DISCUSSION'
  /** Wants an answer; its author may accept one. */
  | 'QUESTION';

/** Thread list orders. */
export type ThreadOrderBy =
  /** Most recent answer or comment first. */
  | 'ACTIVE'
  /**
   * Score and age together (Reddit's hot rank):
   * `sign(s)·log10(max(|s|,1)) + (created − 2026-01-01) / 45000 s`, so ten
   * times the score is worth 12.5 hours of recency and older threads sink
   * unless voted up.
   */
  | 'HOT'
  /** Newest first. */
  | 'NEW'
  /** Highest score (upvotes minus downvotes) first. */
  | 'TOP';

/** What started a run. */
export type TrainingTrigger =
  /** `lyceum train`. */
  | 'CLI'
  /** `retrainRecommender`. */
  | 'MANUAL'
  /** The periodic schedule (`RECOMMENDER_RETRAIN_HOURS`). */
  | 'SCHEDULE';

/** Changes to a reward rule; omitted fields stay. */
export type UpdateRewardRuleInput = {
  capped?: boolean | null | undefined;
  enabled?: boolean | null | undefined;
  /** −1,000 … 1,000. */
  points?: number | null | undefined;
};

/** Narrows the user list. */
export type UserFilter = {
  /** Only users with this role. */
  role?: UserRole | null | undefined;
  /** Matches username, display name or email, ignoring case. */
  search?: string | null | undefined;
  /** Only users in this status as in force now (a suspension that has ended counts as ACTIVE). */
  status?: AccountStatus | null | undefined;
};

/**
 * Levels follow points (thresholds are configuration) and unlock
 * privileges: Novice members may start 3 threads a day and put 2 links in
 * a post; downvoting needs Intermediate; closing duplicates needs Expert.
 */
export type UserLevel =
  /** 高级 */
  | 'ADVANCED'
  /** 专家 */
  | 'EXPERT'
  /** 中级 */
  | 'INTERMEDIATE'
  /** 入门 */
  | 'NOVICE';

/** What a user may do on the platform. */
export type UserRole =
  /** Everything, including roles, reward rules and analytics. */
  | 'ADMIN'
  /** Also publishes courses and earns from them. */
  | 'CREATOR'
  /** Enrols in courses and takes part in threads. */
  | 'LEARNER'
  /** Also curates threads, works the reports queue and suspends accounts. */
  | 'MODERATOR';

export type AdminUserSearchQueryVariables = Exact<{
  search: string;
  role?: UserRole | null | undefined;
}>;


export type AdminUserSearchQuery = { users: { nodes: Array<{ id: string, username: string, displayName: string }> } };

export type AdminLoginMutationVariables = Exact<{
  login: string;
  password: string;
}>;


export type AdminLoginMutation = { login: { accessToken: string, refreshToken: string, user: { id: string, username: string, role: UserRole } } };

export type AdminRefreshSessionMutationVariables = Exact<{
  refreshToken: string;
}>;


export type AdminRefreshSessionMutation = { refreshSession: { accessToken: string, refreshToken: string } };

export type AdminLogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type AdminLogoutMutation = { logout: boolean };

export type AdminMeQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminMeQuery = { me: { id: string, username: string, displayName: string, role: UserRole } };

export type AdminCoursesQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: CourseFilter | null | undefined;
  orderBy?: CourseOrderBy | null | undefined;
}>;


export type AdminCoursesQuery = { courses: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, title: string, slug: string, status: CourseStatus, priceCents: number, currency: string, enrollmentCount: number, publishedAt: string | null, createdAt: string, creator: { id: string, username: string }, ratingSummary: { average: number | null, count: number }, revenue: Array<{ currency: string, paidEnrollments: number, netCents: number, refunds: number }> }> } };

export type AdminDashboardQueryVariables = Exact<{
  from: string;
  to: string;
  fromTime: string;
  toTime: string;
}>;


export type AdminDashboardQuery = { moderationQueue: { totalCount: number }, daily: { points: Array<{ date: string, dau: number, wau: number, mau: number }> }, weekly: { points: Array<{ date: string, newMembers: number, newContributors: number }> }, retentionCohorts: Array<{ date: string, members: number, periods: Array<{ index: number, share: number, active: number }> }>, funnel: { steps: Array<{ step: FunnelStep, members: number, conversion: number, overall: number }> }, communityHealth: { points: Array<{ date: string, threads: number, shareAnswered: number, featuredShare: number, medianSecondsToFirstAnswer: number | null }> }, rewardSummary: Array<{ rule: string, total: number, points: Array<{ periodStart: string, points: number }> }> };

export type AdminExperimentsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  status?: ExperimentStatus | null | undefined;
}>;


export type AdminExperimentsQuery = { experiments: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, key: string, description: string | null, metric: string, status: ExperimentStatus, createdAt: string, startedAt: string | null, stoppedAt: string | null, variants: Array<{ name: string, share: number }> }> } };

export type AdminCreateExperimentMutationVariables = Exact<{
  input: CreateExperimentInput;
}>;


export type AdminCreateExperimentMutation = { createExperiment: { id: string, key: string } };

export type AdminStartExperimentMutationVariables = Exact<{
  key: string;
}>;


export type AdminStartExperimentMutation = { startExperiment: { id: string, status: ExperimentStatus } };

export type AdminStopExperimentMutationVariables = Exact<{
  key: string;
}>;


export type AdminStopExperimentMutation = { stopExperiment: { id: string, status: ExperimentStatus } };

export type AdminExperimentResultsQueryVariables = Exact<{
  key: string;
}>;


export type AdminExperimentResultsQuery = { experimentResults: { users: number, sampleRatioMismatch: boolean, sampleRatioPValue: number | null, sampleRatioChiSquare: number | null, sampleRatioDegreesOfFreedom: number, variants: Array<{ name: string, users: number, conversions: number, rate: number, expectedShare: number, versusControl: { uplift: number, relativeUplift: number | null, confidenceLow: number, confidenceHigh: number, pValue: number | null } | null }> } };

export type AdminModerationQueueQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: ModerationQueueFilter | null | undefined;
}>;


export type AdminModerationQueueQuery = { moderationQueue: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, source: ModerationSource, targetType: ModerationTargetType, status: ModerationItemStatus, weight: number, reportCount: number, topReason: ReportReason | null, detail: string | null, user: { id: string, username: string } | null, thread: { id: string, title: string } | null, answer: { id: string, body: string | null } | null, comment: { id: string, body: string | null } | null }> } };

export type AdminModerationItemQueryVariables = Exact<{
  id: string | number;
}>;


export type AdminModerationItemQuery = { moderationItem: { id: string, status: ModerationItemStatus, autoHidden: boolean, detail: string | null, createdAt: string, resolution: ModerationResolution | null, resolutionNote: string | null, resolvedAt: string | null, resolvedBy: { username: string } | null, user: { id: string, username: string, displayName: string, status: AccountStatus } | null, relatedUser: { username: string } | null, authorHistory: { threads: number, answers: number, comments: number, hiddenPosts: number, suspensions: number, upheldReports: number } | null, thread: { id: string, title: string, body: string | null, hidden: boolean, deletedAt: string | null } | null, answer: { id: string, body: string | null, hidden: boolean, deletedAt: string | null, thread: { title: string } } | null, comment: { id: string, body: string | null, hidden: boolean, deletedAt: string | null, thread: { title: string }, answer: { id: string } | null } | null, reports: { totalCount: number, nodes: Array<{ id: string, reason: ReportReason, note: string | null, createdAt: string, reporter: { username: string } | null }> } } | null };

export type AdminResolveReportMutationVariables = Exact<{
  itemId: string | number;
  action: ModerationResolution;
  note?: string | null | undefined;
  suspendDays?: number | null | undefined;
}>;


export type AdminResolveReportMutation = { resolveReport: { id: string, status: ModerationItemStatus, resolution: ModerationResolution | null } };

export type AdminModerationLogQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: ModerationLogFilter | null | undefined;
}>;


export type AdminModerationLogQuery = { moderationLog: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, action: ModerationAction | null, targetType: ModerationTargetType, targetId: string, reason: string | null, before: string | null, after: string | null, createdAt: string, actor: { id: string, username: string } | null }> } };

export type AdminRecommenderQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type AdminRecommenderQuery = { activeRecommender: { activatedAt: string, activatedBy: { username: string } | null, model: { id: string } } | null, recommenderTraining: { id: string, status: RecommenderModelStatus, stage: string, progress: number, requestedKind: string, startedAt: string, finishedAt: string | null, error: string | null } | null, recommenderModels: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ active: boolean, kind: string | null, users: number, items: number, interactions: number, fitSeconds: number | null, silhouette: number | null, interestGroupCount: number | null, trigger: TrainingTrigger, id: string, status: RecommenderModelStatus, stage: string, progress: number, requestedKind: string, startedAt: string, finishedAt: string | null, error: string | null, startedBy: { username: string } | null, metrics: { ndcgAt10: number, precisionAt10: number, recallAt10: number, mapAt10: number, coverage: number, users: number } | null }> } };

export type AdminTrainingRunFragment = { id: string, status: RecommenderModelStatus, stage: string, progress: number, requestedKind: string, startedAt: string, finishedAt: string | null, error: string | null };

export type AdminTrainingUpdatesSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type AdminTrainingUpdatesSubscription = { recommenderTraining: { id: string, status: RecommenderModelStatus, stage: string, progress: number, requestedKind: string, startedAt: string, finishedAt: string | null, error: string | null } };

export type AdminRetrainMutationVariables = Exact<{
  kind?: RecommenderKind | null | undefined;
}>;


export type AdminRetrainMutation = { retrainRecommender: { id: string, status: RecommenderModelStatus, stage: string, progress: number, requestedKind: string, startedAt: string, finishedAt: string | null, error: string | null } };

export type AdminCancelTrainingMutationVariables = Exact<{
  id: string | number;
}>;


export type AdminCancelTrainingMutation = { cancelRecommenderTraining: { id: string, status: RecommenderModelStatus, stage: string, progress: number, requestedKind: string, startedAt: string, finishedAt: string | null, error: string | null } };

export type AdminActivateModelMutationVariables = Exact<{
  id: string | number;
}>;


export type AdminActivateModelMutation = { activateRecommenderModel: { model: { id: string } } };

export type AdminInterestGroupsQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminInterestGroupsQuery = { interestGroups: { k: number, silhouette: number, modelId: string, groups: Array<{ id: string, label: string, size: number, tags: Array<string>, points: Array<{ x: number, y: number }> }> } | null };

export type AdminRewardRulesQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminRewardRulesQuery = { rewardRules: Array<{ key: string, description: string, points: number, enabled: boolean, capped: boolean, updatedAt: string }> };

export type AdminUpdateRewardRuleMutationVariables = Exact<{
  key: string;
  input: UpdateRewardRuleInput;
}>;


export type AdminUpdateRewardRuleMutation = { updateRewardRule: { key: string, points: number, enabled: boolean, capped: boolean, updatedAt: string } };

export type AdminUserLedgerQueryVariables = Exact<{
  userId: string | number;
  first: number;
  after?: string | null | undefined;
  filter?: RewardFilter | null | undefined;
}>;


export type AdminUserLedgerQuery = { userRewards: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, rule: string, points: number, entry: RewardEntry, createdAt: string, actor: { username: string } }> } };

export type AdminLeaderboardQueryVariables = Exact<{
  period: LeaderboardPeriod;
  tag?: string | null | undefined;
}>;


export type AdminLeaderboardQuery = { leaderboard: Array<{ rank: number, points: number, user: { id: string, username: string, displayName: string, level: UserLevel } }> };

export type AdminPayoutsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  status?: PayoutStatus | null | undefined;
}>;


export type AdminPayoutsQuery = { payouts: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, amountCents: number, currency: string, status: PayoutStatus, reason: string | null, requestedAt: string, decidedAt: string | null, creator: { id: string, username: string } }> } };

export type AdminMarkPayoutPaidMutationVariables = Exact<{
  payoutId: string | number;
}>;


export type AdminMarkPayoutPaidMutation = { markPayoutPaid: { id: string, status: PayoutStatus } };

export type AdminRejectPayoutMutationVariables = Exact<{
  payoutId: string | number;
  reason: string;
}>;


export type AdminRejectPayoutMutation = { rejectPayout: { id: string, status: PayoutStatus } };

export type AdminCourseSearchQueryVariables = Exact<{
  search: string;
}>;


export type AdminCourseSearchQuery = { courses: { nodes: Array<{ id: string, title: string }> } };

export type AdminThreadsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: ThreadFilter | null | undefined;
  orderBy?: ThreadOrderBy | null | undefined;
}>;


export type AdminThreadsQuery = { threads: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, title: string, kind: ThreadKind, tags: Array<string>, score: number, answerCount: number, createdAt: string, pinnedAt: string | null, pinScope: PinScope | null, featuredAt: string | null, isLocked: boolean, hidden: boolean, deletedAt: string | null, author: { id: string, username: string }, course: { id: string, title: string } | null }> } };

export type AdminCurateThreadsMutationVariables = Exact<{
  input: CurateThreadsInput;
}>;


export type AdminCurateThreadsMutation = { curateThreads: Array<{ threadId: string, error: { code: string, message: string } | null }> };

export type AdminMergeThreadsMutationVariables = Exact<{
  fromId: string | number;
  intoId: string | number;
}>;


export type AdminMergeThreadsMutation = { mergeThreads: { id: string } };

export type AdminCloseAsDuplicateMutationVariables = Exact<{
  threadId: string | number;
  ofThreadId: string | number;
}>;


export type AdminCloseAsDuplicateMutation = { closeAsDuplicate: { id: string } };

export type AdminUsersQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: UserFilter | null | undefined;
}>;


export type AdminUsersQuery = { users: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, username: string, displayName: string, email: string | null, role: UserRole, status: AccountStatus, points: number, level: UserLevel, createdAt: string }> } };

export type AdminUserDetailQueryVariables = Exact<{
  id: string | number;
  historyAfter?: string | null | undefined;
}>;


export type AdminUserDetailQuery = { node:
    | { __typename: 'Answer' }
    | { __typename: 'Comment' }
    | { __typename: 'Course' }
    | { __typename: 'Enrollment' }
    | { __typename: 'Lesson' }
    | { __typename: 'Notification' }
    | { __typename: 'Review' }
    | { __typename: 'Thread' }
    | { __typename: 'User', id: string, username: string, displayName: string, email: string | null, bio: string | null, role: UserRole, status: AccountStatus, points: number, level: UserLevel, createdAt: string, certifiedAt: string | null, suspension: { reason: string, until: string | null } | null, levelProgress: { fraction: number, nextLevel: UserLevel | null, nextLevelPoints: number | null }, badges: Array<{ awardedAt: string, badge: { key: string, name: string } }>, certifications: Array<{ id: string, tags: Array<string>, note: string | null, inForce: boolean, grantedAt: string, revokedAt: string | null, revokeReason: string | null }>, rewards: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, rule: string, points: number, entry: RewardEntry, createdAt: string }> } }
   | null };

export type AdminAdjustPointsMutationVariables = Exact<{
  input: AdjustPointsInput;
}>;


export type AdminAdjustPointsMutation = { adjustPoints: { id: string, credited: number } };

export type AdminSetUserRoleMutationVariables = Exact<{
  userId: string | number;
  role: UserRole;
}>;


export type AdminSetUserRoleMutation = { setUserRole: { id: string, role: UserRole } };

export type AdminSuspendUserMutationVariables = Exact<{
  input: SuspendUserInput;
}>;


export type AdminSuspendUserMutation = { suspendUser: { id: string, status: AccountStatus } };

export type AdminUnsuspendUserMutationVariables = Exact<{
  userId: string | number;
}>;


export type AdminUnsuspendUserMutation = { unsuspendUser: { id: string, status: AccountStatus } };

export type AdminCertifyCreatorMutationVariables = Exact<{
  userId: string | number;
  tags: Array<string> | string;
  note?: string | null | undefined;
}>;


export type AdminCertifyCreatorMutation = { certifyCreator: { id: string } };

export type AdminRevokeCertificationMutationVariables = Exact<{
  userId: string | number;
  reason: string;
}>;


export type AdminRevokeCertificationMutation = { revokeCertification: { id: string } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const AdminTrainingRunFragmentDoc = new TypedDocumentString(`
    fragment AdminTrainingRun on RecommenderModel {
  id
  status
  stage
  progress
  requestedKind
  startedAt
  finishedAt
  error
}
    `, {"fragmentName":"AdminTrainingRun"}) as unknown as TypedDocumentString<AdminTrainingRunFragment, unknown>;
export const AdminUserSearchDocument = new TypedDocumentString(`
    query AdminUserSearch($search: String!, $role: UserRole) {
  users(first: 10, filter: {search: $search, role: $role}) {
    nodes {
      id
      username
      displayName
    }
  }
}
    `) as unknown as TypedDocumentString<AdminUserSearchQuery, AdminUserSearchQueryVariables>;
export const AdminLoginDocument = new TypedDocumentString(`
    mutation AdminLogin($login: String!, $password: String!) {
  login(input: {login: $login, password: $password}) {
    accessToken
    refreshToken
    user {
      id
      username
      role
    }
  }
}
    `) as unknown as TypedDocumentString<AdminLoginMutation, AdminLoginMutationVariables>;
export const AdminRefreshSessionDocument = new TypedDocumentString(`
    mutation AdminRefreshSession($refreshToken: String!) {
  refreshSession(refreshToken: $refreshToken) {
    accessToken
    refreshToken
  }
}
    `) as unknown as TypedDocumentString<AdminRefreshSessionMutation, AdminRefreshSessionMutationVariables>;
export const AdminLogoutDocument = new TypedDocumentString(`
    mutation AdminLogout {
  logout
}
    `) as unknown as TypedDocumentString<AdminLogoutMutation, AdminLogoutMutationVariables>;
export const AdminMeDocument = new TypedDocumentString(`
    query AdminMe {
  me {
    id
    username
    displayName
    role
  }
}
    `) as unknown as TypedDocumentString<AdminMeQuery, AdminMeQueryVariables>;
export const AdminCoursesDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<AdminCoursesQuery, AdminCoursesQueryVariables>;
export const AdminDashboardDocument = new TypedDocumentString(`
    query AdminDashboard($from: Date!, $to: Date!, $fromTime: DateTime!, $toTime: DateTime!) {
  moderationQueue(first: 1, filter: {status: OPEN}) {
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
    `) as unknown as TypedDocumentString<AdminDashboardQuery, AdminDashboardQueryVariables>;
export const AdminExperimentsDocument = new TypedDocumentString(`
    query AdminExperiments($first: Int!, $after: String, $status: ExperimentStatus) {
  experiments(first: $first, after: $after, status: $status) {
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      key
      description
      metric
      status
      createdAt
      startedAt
      stoppedAt
      variants {
        name
        share
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AdminExperimentsQuery, AdminExperimentsQueryVariables>;
export const AdminCreateExperimentDocument = new TypedDocumentString(`
    mutation AdminCreateExperiment($input: CreateExperimentInput!) {
  createExperiment(input: $input) {
    id
    key
  }
}
    `) as unknown as TypedDocumentString<AdminCreateExperimentMutation, AdminCreateExperimentMutationVariables>;
export const AdminStartExperimentDocument = new TypedDocumentString(`
    mutation AdminStartExperiment($key: String!) {
  startExperiment(key: $key) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<AdminStartExperimentMutation, AdminStartExperimentMutationVariables>;
export const AdminStopExperimentDocument = new TypedDocumentString(`
    mutation AdminStopExperiment($key: String!) {
  stopExperiment(key: $key) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<AdminStopExperimentMutation, AdminStopExperimentMutationVariables>;
export const AdminExperimentResultsDocument = new TypedDocumentString(`
    query AdminExperimentResults($key: String!) {
  experimentResults(key: $key) {
    users
    sampleRatioMismatch
    sampleRatioPValue
    sampleRatioChiSquare
    sampleRatioDegreesOfFreedom
    variants {
      name
      users
      conversions
      rate
      expectedShare
      versusControl {
        uplift
        relativeUplift
        confidenceLow
        confidenceHigh
        pValue
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AdminExperimentResultsQuery, AdminExperimentResultsQueryVariables>;
export const AdminModerationQueueDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<AdminModerationQueueQuery, AdminModerationQueueQueryVariables>;
export const AdminModerationItemDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<AdminModerationItemQuery, AdminModerationItemQueryVariables>;
export const AdminResolveReportDocument = new TypedDocumentString(`
    mutation AdminResolveReport($itemId: ID!, $action: ModerationResolution!, $note: String, $suspendDays: Int) {
  resolveReport(
    itemId: $itemId
    action: $action
    note: $note
    suspendDays: $suspendDays
  ) {
    id
    status
    resolution
  }
}
    `) as unknown as TypedDocumentString<AdminResolveReportMutation, AdminResolveReportMutationVariables>;
export const AdminModerationLogDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<AdminModerationLogQuery, AdminModerationLogQueryVariables>;
export const AdminRecommenderDocument = new TypedDocumentString(`
    query AdminRecommender($first: Int!, $after: String) {
  activeRecommender {
    activatedAt
    activatedBy {
      username
    }
    model {
      id
    }
  }
  recommenderTraining {
    ...AdminTrainingRun
  }
  recommenderModels(first: $first, after: $after) {
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      ...AdminTrainingRun
      active
      kind
      users
      items
      interactions
      fitSeconds
      silhouette
      interestGroupCount
      trigger
      startedBy {
        username
      }
      metrics {
        ndcgAt10
        precisionAt10
        recallAt10
        mapAt10
        coverage
        users
      }
    }
  }
}
    fragment AdminTrainingRun on RecommenderModel {
  id
  status
  stage
  progress
  requestedKind
  startedAt
  finishedAt
  error
}`) as unknown as TypedDocumentString<AdminRecommenderQuery, AdminRecommenderQueryVariables>;
export const AdminTrainingUpdatesDocument = new TypedDocumentString(`
    subscription AdminTrainingUpdates {
  recommenderTraining {
    ...AdminTrainingRun
  }
}
    fragment AdminTrainingRun on RecommenderModel {
  id
  status
  stage
  progress
  requestedKind
  startedAt
  finishedAt
  error
}`) as unknown as TypedDocumentString<AdminTrainingUpdatesSubscription, AdminTrainingUpdatesSubscriptionVariables>;
export const AdminRetrainDocument = new TypedDocumentString(`
    mutation AdminRetrain($kind: RecommenderKind) {
  retrainRecommender(kind: $kind) {
    ...AdminTrainingRun
  }
}
    fragment AdminTrainingRun on RecommenderModel {
  id
  status
  stage
  progress
  requestedKind
  startedAt
  finishedAt
  error
}`) as unknown as TypedDocumentString<AdminRetrainMutation, AdminRetrainMutationVariables>;
export const AdminCancelTrainingDocument = new TypedDocumentString(`
    mutation AdminCancelTraining($id: ID!) {
  cancelRecommenderTraining(id: $id) {
    ...AdminTrainingRun
  }
}
    fragment AdminTrainingRun on RecommenderModel {
  id
  status
  stage
  progress
  requestedKind
  startedAt
  finishedAt
  error
}`) as unknown as TypedDocumentString<AdminCancelTrainingMutation, AdminCancelTrainingMutationVariables>;
export const AdminActivateModelDocument = new TypedDocumentString(`
    mutation AdminActivateModel($id: ID!) {
  activateRecommenderModel(id: $id) {
    model {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<AdminActivateModelMutation, AdminActivateModelMutationVariables>;
export const AdminInterestGroupsDocument = new TypedDocumentString(`
    query AdminInterestGroups {
  interestGroups {
    k
    silhouette
    modelId
    groups {
      id
      label
      size
      tags
      points {
        x
        y
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AdminInterestGroupsQuery, AdminInterestGroupsQueryVariables>;
export const AdminRewardRulesDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<AdminRewardRulesQuery, AdminRewardRulesQueryVariables>;
export const AdminUpdateRewardRuleDocument = new TypedDocumentString(`
    mutation AdminUpdateRewardRule($key: String!, $input: UpdateRewardRuleInput!) {
  updateRewardRule(key: $key, input: $input) {
    key
    points
    enabled
    capped
    updatedAt
  }
}
    `) as unknown as TypedDocumentString<AdminUpdateRewardRuleMutation, AdminUpdateRewardRuleMutationVariables>;
export const AdminUserLedgerDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<AdminUserLedgerQuery, AdminUserLedgerQueryVariables>;
export const AdminLeaderboardDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<AdminLeaderboardQuery, AdminLeaderboardQueryVariables>;
export const AdminPayoutsDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<AdminPayoutsQuery, AdminPayoutsQueryVariables>;
export const AdminMarkPayoutPaidDocument = new TypedDocumentString(`
    mutation AdminMarkPayoutPaid($payoutId: ID!) {
  markPayoutPaid(payoutId: $payoutId) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<AdminMarkPayoutPaidMutation, AdminMarkPayoutPaidMutationVariables>;
export const AdminRejectPayoutDocument = new TypedDocumentString(`
    mutation AdminRejectPayout($payoutId: ID!, $reason: String!) {
  rejectPayout(payoutId: $payoutId, reason: $reason) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<AdminRejectPayoutMutation, AdminRejectPayoutMutationVariables>;
export const AdminCourseSearchDocument = new TypedDocumentString(`
    query AdminCourseSearch($search: String!) {
  courses(first: 10, filter: {search: $search}) {
    nodes {
      id
      title
    }
  }
}
    `) as unknown as TypedDocumentString<AdminCourseSearchQuery, AdminCourseSearchQueryVariables>;
export const AdminThreadsDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<AdminThreadsQuery, AdminThreadsQueryVariables>;
export const AdminCurateThreadsDocument = new TypedDocumentString(`
    mutation AdminCurateThreads($input: CurateThreadsInput!) {
  curateThreads(input: $input) {
    threadId
    error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<AdminCurateThreadsMutation, AdminCurateThreadsMutationVariables>;
export const AdminMergeThreadsDocument = new TypedDocumentString(`
    mutation AdminMergeThreads($fromId: ID!, $intoId: ID!) {
  mergeThreads(fromId: $fromId, intoId: $intoId) {
    id
  }
}
    `) as unknown as TypedDocumentString<AdminMergeThreadsMutation, AdminMergeThreadsMutationVariables>;
export const AdminCloseAsDuplicateDocument = new TypedDocumentString(`
    mutation AdminCloseAsDuplicate($threadId: ID!, $ofThreadId: ID!) {
  closeAsDuplicate(threadId: $threadId, ofThreadId: $ofThreadId) {
    id
  }
}
    `) as unknown as TypedDocumentString<AdminCloseAsDuplicateMutation, AdminCloseAsDuplicateMutationVariables>;
export const AdminUsersDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<AdminUsersQuery, AdminUsersQueryVariables>;
export const AdminUserDetailDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<AdminUserDetailQuery, AdminUserDetailQueryVariables>;
export const AdminAdjustPointsDocument = new TypedDocumentString(`
    mutation AdminAdjustPoints($input: AdjustPointsInput!) {
  adjustPoints(input: $input) {
    id
    credited
  }
}
    `) as unknown as TypedDocumentString<AdminAdjustPointsMutation, AdminAdjustPointsMutationVariables>;
export const AdminSetUserRoleDocument = new TypedDocumentString(`
    mutation AdminSetUserRole($userId: ID!, $role: UserRole!) {
  setUserRole(userId: $userId, role: $role) {
    id
    role
  }
}
    `) as unknown as TypedDocumentString<AdminSetUserRoleMutation, AdminSetUserRoleMutationVariables>;
export const AdminSuspendUserDocument = new TypedDocumentString(`
    mutation AdminSuspendUser($input: SuspendUserInput!) {
  suspendUser(input: $input) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<AdminSuspendUserMutation, AdminSuspendUserMutationVariables>;
export const AdminUnsuspendUserDocument = new TypedDocumentString(`
    mutation AdminUnsuspendUser($userId: ID!) {
  unsuspendUser(userId: $userId) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<AdminUnsuspendUserMutation, AdminUnsuspendUserMutationVariables>;
export const AdminCertifyCreatorDocument = new TypedDocumentString(`
    mutation AdminCertifyCreator($userId: ID!, $tags: [String!]!, $note: String) {
  certifyCreator(userId: $userId, tags: $tags, note: $note) {
    id
  }
}
    `) as unknown as TypedDocumentString<AdminCertifyCreatorMutation, AdminCertifyCreatorMutationVariables>;
export const AdminRevokeCertificationDocument = new TypedDocumentString(`
    mutation AdminRevokeCertification($userId: ID!, $reason: String!) {
  revokeCertification(userId: $userId, reason: $reason) {
    id
  }
}
    `) as unknown as TypedDocumentString<AdminRevokeCertificationMutation, AdminRevokeCertificationMutationVariables>;