import { graphql } from '../../gql/generated';

export const RECOMMENDER = graphql(`
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
`);

export const TRAINING_RUN = graphql(`
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
`);

export const TRAINING_UPDATES = graphql(`
  subscription AdminTrainingUpdates {
    recommenderTraining {
      ...AdminTrainingRun
    }
  }
`);

export const RETRAIN = graphql(`
  mutation AdminRetrain($kind: RecommenderKind) {
    retrainRecommender(kind: $kind) {
      ...AdminTrainingRun
    }
  }
`);

export const CANCEL_TRAINING = graphql(`
  mutation AdminCancelTraining($id: ID!) {
    cancelRecommenderTraining(id: $id) {
      ...AdminTrainingRun
    }
  }
`);

export const ACTIVATE_MODEL = graphql(`
  mutation AdminActivateModel($id: ID!) {
    activateRecommenderModel(id: $id) {
      model {
        id
      }
    }
  }
`);

export const INTEREST_GROUPS = graphql(`
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
`);
