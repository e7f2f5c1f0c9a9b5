// GraphQL documents used by the admin UI. Their result and variable types are generated from
// ../../schema.graphql into ./generated/ by `npm run codegen` (run it after editing a document
// here or the schema; `npm run build` runs it too). Each graphql(`…`) text must match the
// generated copy exactly, so edit a document, then regenerate.
import { graphql } from './generated';
import type { AdminMeQuery } from './generated/graphql';

export type { UserRole } from './generated/graphql';

export const LOGIN = graphql(`
  mutation AdminLogin($login: String!, $password: String!) {
    login(input: { login: $login, password: $password }) {
      accessToken
      refreshToken
      user {
        id
        username
        role
      }
    }
  }
`);

export const ME = graphql(`
  query AdminMe {
    me {
      id
      username
      displayName
      role
    }
  }
`);

/** The signed-in user, as the `AdminMe` query returns it. */
export type Viewer = AdminMeQuery['me'];
