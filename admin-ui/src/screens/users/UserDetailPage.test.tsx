import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { clearSession, setSession } from '../../auth/session';
import { i18n } from '../../i18n';
import { renderAt } from '../../testing';
import { UserDetailPage } from './UserDetailPage';

const user = {
  __typename: 'User', id: 'VXNlcjoy', username: 'ben', displayName: 'Ben', email: null, bio: null, role: 'LEARNER',
  status: 'ACTIVE', suspension: null, points: 120, level: 'NOVICE',
  levelProgress: { fraction: 0.5, nextLevel: 'INTERMEDIATE', nextLevelPoints: 200 }, createdAt: '2026-01-01T00:00:00Z',
  certifiedAt: null, badges: [], certifications: [], rewards: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] },
};

describe('UserDetailPage', () => {
  beforeAll(() => i18n.changeLanguage('en'));
  afterEach(() => clearSession());

  it('keeps what was typed when the network fails, and says so', async () => {
    setSession({ accessToken: 'a', refreshToken: 'r', viewer: { id: '1', username: 'mod', displayName: 'Mod', role: 'MODERATOR' } });
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (_url, init) => {
      const { operationName } = JSON.parse(String(init?.body));
      if (operationName === 'AdminSuspendUser') throw new TypeError('Failed to fetch');
      const data = operationName === 'AdminUserDetail' ? { node: user } : { moderationLog: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } };
      return new Response(JSON.stringify({ data }), { headers: { 'content-type': 'application/json' } });
    });
    renderAt('/users/VXNlcjoy', [{ path: '/users/:id', element: <UserDetailPage /> }]);
    const reason = await screen.findByLabelText('Reason');
    fireEvent.change(reason, { target: { value: 'spam links in five threads' } });
    fireEvent.click(screen.getByRole('button', { name: 'Suspend' }));
    const dialog = await screen.findByRole('dialog', { hidden: true });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm', hidden: true }));

    const notice = await screen.findByRole('alert');
    expect(notice.dataset.errorCode).toBe('NETWORK_ERROR');
    expect(notice.textContent).toContain('nothing you typed was lost');
    expect((screen.getByLabelText('Reason') as HTMLInputElement).value).toBe('spam links in five threads');
    // Moderators do not see the administrators' forms.
    expect(screen.queryByRole('form', { name: 'Change role' })).toBeNull();
    expect(screen.queryByRole('form', { name: 'Adjust points' })).toBeNull();
  });
});
