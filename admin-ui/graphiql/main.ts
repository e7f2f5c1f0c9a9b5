// Offline GraphiQL for Lyceum, bundled from npm (no CDN). Served by the Rust server
// for browser GETs of /graphql; talks to the same origin.
import 'graphiql/graphiql.css';
import './page.css';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';

const HTTP_PATH = '/graphql';
const WS_PATH = '/graphql/ws'; // graphql-transport-ws

const wsScheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';

const fetcher = createGraphiQLFetcher({
  url: `${window.location.origin}${HTTP_PATH}`,
  // Subscriptions open a graphql-ws client lazily; headers from the header editor
  // are sent as connection params.
  subscriptionUrl: `${wsScheme}//${window.location.host}${WS_PATH}`,
  // Plain JSON POSTs (no multipart/incremental delivery negotiation).
  enableIncrementalDelivery: false,
});

const DEFAULT_QUERY = `# Lyceum GraphQL IDE
#
# Authenticate by adding a header in the "Headers" tab below:
#   { "Authorization": "Bearer <accessToken>" }
# (get a token with the \`login\` mutation). Headers are not persisted.

{
  __typename
}
`;

const container = document.getElementById('graphiql');
if (!container) throw new Error('#graphiql element missing');
container.textContent = '';

createRoot(container).render(
  createElement(GraphiQL, {
    fetcher,
    defaultQuery: DEFAULT_QUERY,
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false,
  }),
);
