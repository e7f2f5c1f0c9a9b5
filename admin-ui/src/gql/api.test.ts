import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearSession, getSession, lastEndReason, setSession } from '../auth/session';
import { call } from './api';
import { GraphQLRequestError } from './client';
import { ME } from './operations';

const viewer = { id: 'VXNlcjox', username: 'mod', displayName: 'Mod', role: 'MODERATOR' as const };

function json(body: unknown) {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
}
const unauthenticated = () => json({ errors: [{ message: 'token expired', extensions: { code: 'UNAUTHENTICATED' } }] });
const me = () => json({ data: { me: viewer } });

type Sent = { auth: string | null; operation: string };
function mockServer(handler: (sent: Sent, body: { variables: Record<string, unknown> }) => Response | Promise<Response>) {
  const sent: Sent[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (_url, init) => {
    const body = JSON.parse(String(init?.body));
    const headers = init?.headers as Record<string, string>;
    const s = { auth: headers.authorization ?? null, operation: body.operationName };
    sent.push(s);
    return handler(s, body);
  });
  return sent;
}

describe('call', () => {
  beforeEach(() => setSession({ accessToken: 'old', refreshToken: 'r1', viewer }));
  afterEach(() => clearSession());

  it('renews an expired token once for concurrent calls and retries them', async () => {
    let refreshes = 0;
    const sent = mockServer(async (s, body) => {
      if (s.operation === 'AdminRefreshSession') {
        refreshes += 1;
        expect(body.variables.refreshToken).toBe('r1');
        await new Promise((r) => setTimeout(r, 10));
        return json({ data: { refreshSession: { accessToken: 'new', refreshToken: 'r2' } } });
      }
      return s.auth === 'Bearer new' ? me() : unauthenticated();
    });
    const results = await Promise.all([call(ME, {}), call(ME, {}), call(ME, {})]);
    expect(results.map((r) => r.me.username)).toEqual(['mod', 'mod', 'mod']);
    expect(refreshes).toBe(1);
    expect(getSession()?.accessToken).toBe('new');
    expect(getSession()?.refreshToken).toBe('r2');
    expect(sent.filter((s) => s.operation === 'AdminMe' && s.auth === 'Bearer new')).toHaveLength(3);
  });

  it('ends the session as expired when the refresh is refused', async () => {
    mockServer((s) =>
      s.operation === 'AdminRefreshSession'
        ? json({ errors: [{ message: 'refresh token expired', extensions: { code: 'UNAUTHENTICATED' } }] })
        : unauthenticated(),
    );
    await expect(call(ME, {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(getSession()).toBeNull();
    expect(lastEndReason()).toBe('expired');
  });

  it('keeps the session when the network fails during a refresh', async () => {
    mockServer((s) => {
      if (s.operation === 'AdminRefreshSession') throw new TypeError('Failed to fetch');
      return unauthenticated();
    });
    const error = await call(ME, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLRequestError);
    expect((error as GraphQLRequestError).code).toBe('NETWORK_ERROR');
    expect(getSession()?.refreshToken).toBe('r1');
  });

  it('does not refresh on other refusals', async () => {
    const sent = mockServer(() => json({ errors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] }));
    await expect(call(ME, {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(sent).toHaveLength(1);
    expect(getSession()).not.toBeNull();
  });
});
