// GraphQL subscriptions over graphql-transport-ws at /graphql/ws, signed in with the
// session's access token (sent as the connection's Authorization parameter).
import { createClient, type Client } from 'graphql-ws';
import { getSession, subscribe as onSessionChange } from '../auth/session';
import type { TypedDocumentString } from './generated/graphql';

let client: Client | null = null;
let clientToken: string | undefined;

function wsClient(): Client {
  const token = getSession()?.accessToken;
  if (client && clientToken === token) return client;
  void client?.dispose();
  clientToken = token;
  const url = new URL('/graphql/ws', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  client = createClient({
    url: url.toString(),
    lazy: true,
    connectionParams: () => (token ? { Authorization: `Bearer ${token}` } : {}),
    retryAttempts: 5,
  });
  return client;
}

// A new token (refresh, sign-out) means a new connection.
onSessionChange(() => {
  if (client && clientToken !== getSession()?.accessToken) {
    void client.dispose();
    client = null;
  }
});

/** Calls `onData` for each event until the returned function is called. */
export function subscribe<TData, TVariables>(
  document: TypedDocumentString<TData, TVariables>,
  variables: TVariables,
  onData: (data: TData) => void,
  onError: (error: unknown) => void,
): () => void {
  return wsClient().subscribe<TData>(
    { query: document.toString(), variables: variables as Record<string, unknown> },
    {
      next: (result) => {
        if (result.errors?.length) onError(new Error(result.errors[0].message));
        else if (result.data) onData(result.data);
      },
      error: onError,
      complete: () => undefined,
    },
  );
}
