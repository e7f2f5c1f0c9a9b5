import { graphql } from '../../gql/generated';

export const EXPERIMENTS = graphql(`
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
`);

export const CREATE_EXPERIMENT = graphql(`
  mutation AdminCreateExperiment($input: CreateExperimentInput!) {
    createExperiment(input: $input) {
      id
      key
    }
  }
`);

export const START_EXPERIMENT = graphql(`
  mutation AdminStartExperiment($key: String!) {
    startExperiment(key: $key) {
      id
      status
    }
  }
`);

export const STOP_EXPERIMENT = graphql(`
  mutation AdminStopExperiment($key: String!) {
    stopExperiment(key: $key) {
      id
      status
    }
  }
`);

export const EXPERIMENT_RESULTS = graphql(`
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
`);
