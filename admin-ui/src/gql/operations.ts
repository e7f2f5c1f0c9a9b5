// GraphQL documents shared by the whole console (sign-in and session). Screens keep their
// own documents next to them. Result and variable types are generated from
// ../../schema.graphql into ./generated/ by `npm run codegen`; each graphql(`…`) text must
// match its generated copy exactly, so edit a document, then regenerate.
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

export const REFRESH_SESSION = graphql(`
  mutation AdminRefreshSession($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) {
      accessToken
      refreshToken
    }
  }
`);

export const LOGOUT = graphql(`
  mutation AdminLogout {
    logout
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
