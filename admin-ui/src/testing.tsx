// Renders a screen inside the console's providers, with a memory router.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { vi } from 'vitest';
import { i18n } from './i18n';

export function renderAt(path: string, routes: { path: string; element: ReactElement }[]) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const view = render(
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={client}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </I18nextProvider>,
  );
  return { ...view, router };
}

export interface SentOperation {
  operation: string;
  variables: Record<string, unknown>;
  auth: string | null;
}

/** Answers each GraphQL POST with `handler(operation)`; returns what was sent. */
export function mockGraphql(handler: (op: SentOperation) => unknown) {
  const sent: SentOperation[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (_url, init) => {
    const body = JSON.parse(String(init?.body));
    const headers = init?.headers as Record<string, string>;
    const op = { operation: body.operationName, variables: body.variables ?? {}, auth: headers.authorization ?? null };
    sent.push(op);
    return new Response(JSON.stringify(handler(op)), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  return sent;
}
