// GraphQL documents used by the admin UI.
// TODO: generate these types from ../schema.graphql once the schema is checked in.
import { operation } from './client';

export type Role = 'MEMBER' | 'MODERATOR' | 'ADMIN' | (string & {});

export interface LoginData {
  login: {
    accessToken: string;
    refreshToken: string;
    user: { id: string; username: string; role: Role };
  };
}
export interface LoginVariables extends Record<string, unknown> {
  login: string;
  password: string;
}
export const LOGIN = operation<LoginData, LoginVariables>(
  'AdminLogin',
  `mutation AdminLogin($login: String!, $password: String!) {
  login(input: { login: $login, password: $password }) {
    accessToken
    refreshToken
    user { id username role }
  }
}`,
);

export interface Viewer {
  id: string;
  username: string;
  displayName: string | null;
  role: Role;
}
export interface MeData {
  me: Viewer | null;
}
export const ME = operation<MeData>(
  'AdminMe',
  `query AdminMe {
  me { id username displayName role }
}`,
);
