// Authenticated GraphQL calls for the console. An expired access token is renewed once with
// the refresh token (one refresh at a time, shared by every call waiting on it); when that
// fails too the session ends, and the router sends the user to sign-in and back.
import { getSession, setSession, clearSession } from '../auth/session';
import { GraphQLRequestError, request } from './client';
import type { TypedDocumentString } from './generated/graphql';
import { REFRESH_SESSION } from './operations';

let refreshing: Promise<boolean> | null = null;

async function refresh(): Promise<boolean> {
  const session = getSession();
  if (!session) return false;
  try {
    const { refreshSession } = await request(REFRESH_SESSION, { refreshToken: session.refreshToken });
    setSession({ ...session, ...refreshSession });
    return true;
  } catch (err) {
    // A network failure keeps the session (and what the user typed); only a refusal ends it.
    if (err instanceof GraphQLRequestError && err.code === 'NETWORK_ERROR') throw err;
    clearSession('expired');
    return false;
  }
}

function refreshOnce(): Promise<boolean> {
  refreshing ??= refresh().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** Runs a document as the signed-in user. */
export async function call<TData, TVariables>(
  document: TypedDocumentString<TData, TVariables>,
  variables: TVariables,
): Promise<TData> {
  const token = getSession()?.accessToken;
  try {
    return await request(document, variables, { token });
  } catch (err) {
    if (!(err instanceof GraphQLRequestError) || err.code !== 'UNAUTHENTICATED' || !token) throw err;
    // Another call may have refreshed meanwhile; otherwise refresh now.
    const renewed = getSession()?.accessToken !== token || (await refreshOnce());
    if (!renewed) throw err;
    return request(document, variables, { token: getSession()?.accessToken });
  }
}
