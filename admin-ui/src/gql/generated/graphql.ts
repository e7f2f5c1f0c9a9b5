/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
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

export type AdminLoginMutationVariables = Exact<{
  login: string;
  password: string;
}>;


export type AdminLoginMutation = { login: { accessToken: string, refreshToken: string, user: { id: string, username: string, role: UserRole } } };

export type AdminMeQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminMeQuery = { me: { id: string, username: string, displayName: string, role: UserRole } };

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