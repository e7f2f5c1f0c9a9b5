// Minimal GraphQL-over-HTTP client for the Lyceum API.
// Documents are the typed ones generated from ../../schema.graphql (see operations.ts and
// `npm run codegen`); user input is only ever sent as `variables`, never put into documents.
import type { TypedDocumentString } from './generated/graphql';

/** Same-origin GraphQL endpoint served by the Rust server. */
export const GRAPHQL_ENDPOINT = '/graphql';

export interface GraphQLErrorExtensions {
  code?: string;
  [key: string]: unknown;
}

export interface GraphQLErrorShape {
  message: string;
  path?: ReadonlyArray<string | number>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  extensions?: GraphQLErrorExtensions;
}

export interface GraphQLResponse<TData> {
  data?: TData | null;
  errors?: GraphQLErrorShape[];
  extensions?: Record<string, unknown>;
}

/**
 * Name of a document's first operation. Generated documents are printed by graphql-js, so the
 * operation comes first (fragments follow) as `query|mutation|subscription Name`.
 */
function operationNameOf(document: string): string | undefined {
  return /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(document)?.[1];
}

/** Client-side error codes (server codes come from `errors[0].extensions.code`). */
export const CLIENT_ERROR_CODES = {
  network: 'NETWORK_ERROR',
  badResponse: 'BAD_RESPONSE',
  noData: 'NO_DATA',
} as const;

export class GraphQLRequestError extends Error {
  /** `errors[0].extensions.code` when the server sent one, else a CLIENT_ERROR_CODES value. */
  readonly code: string | undefined;
  readonly errors: GraphQLErrorShape[];
  readonly status: number | undefined;

  constructor(message: string, opts: { code?: string; errors?: GraphQLErrorShape[]; status?: number }) {
    super(message);
    this.name = 'GraphQLRequestError';
    this.code = opts.code;
    this.errors = opts.errors ?? [];
    this.status = opts.status;
  }
}

export interface RequestOptions {
  /** Access token sent as `Authorization: Bearer <token>`. */
  token?: string | null;
  signal?: AbortSignal;
  endpoint?: string;
}

/** Runs a generated document; data and variables are typed by the document. */
export async function request<TData, TVariables>(
  document: TypedDocumentString<TData, TVariables>,
  variables: TVariables,
  options: RequestOptions = {},
): Promise<TData> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json;q=0.9',
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;

  const query = document.toString();
  let response: Response;
  try {
    response = await fetch(options.endpoint ?? GRAPHQL_ENDPOINT, {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      body: JSON.stringify({ query, operationName: operationNameOf(query), variables }),
      signal: options.signal,
    });
  } catch (err) {
    throw new GraphQLRequestError(`Cannot reach the server: ${(err as Error).message}`, {
      code: CLIENT_ERROR_CODES.network,
    });
  }

  let body: GraphQLResponse<TData>;
  try {
    body = (await response.json()) as GraphQLResponse<TData>;
  } catch {
    throw new GraphQLRequestError(`Unexpected response from the server (HTTP ${response.status})`, {
      code: CLIENT_ERROR_CODES.badResponse,
      status: response.status,
    });
  }

  if (body.errors && body.errors.length > 0) {
    const first = body.errors[0];
    throw new GraphQLRequestError(first.message, {
      code: typeof first.extensions?.code === 'string' ? first.extensions.code : undefined,
      errors: body.errors,
      status: response.status,
    });
  }
  if (body.data == null) {
    throw new GraphQLRequestError(`The server returned no data (HTTP ${response.status})`, {
      code: CLIENT_ERROR_CODES.noData,
      status: response.status,
    });
  }
  return body.data;
}
