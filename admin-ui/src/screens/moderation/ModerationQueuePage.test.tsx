import { fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { i18n } from '../../i18n';
import { mockGraphql, renderAt } from '../../testing';
import { ModerationQueuePage } from './ModerationQueuePage';

function item(id: string, body: string) {
  return {
    id,
    source: 'REPORTS',
    targetType: 'ANSWER',
    status: 'OPEN',
    weight: 3.5,
    reportCount: 2,
    topReason: 'SPAM',
    autoHidden: false,
    detail: null,
    createdAt: '2026-11-30T10:00:00Z',
    resolution: null,
    resolutionNote: null,
    resolvedAt: null,
    resolvedBy: null,
    user: { id: `U${id}`, username: `author${id}`, displayName: 'A', status: 'ACTIVE' },
    relatedUser: null,
    authorHistory: { threads: 1, answers: 2, comments: 3, hiddenPosts: 0, suspensions: 0, upheldReports: 1 },
    thread: null,
    answer: { id: `A${id}`, body, hidden: false, deletedAt: null, thread: { title: 'A question' } },
    comment: null,
    reports: { totalCount: 1, nodes: [{ id: `R${id}`, reason: 'SPAM', note: 'buy now', createdAt: '2026-11-30T10:00:00Z', reporter: { username: 'ana' } }] },
  };
}

function server() {
  return mockGraphql(({ operation, variables }) => {
    if (operation === 'AdminModerationQueue')
      return {
        data: {
          moderationQueue: {
            totalCount: 2,
            pageInfo: { hasNextPage: false, endCursor: null },
            nodes: [item('1', 'first answer'), item('2', 'second answer')],
          },
        },
      };
    if (operation === 'AdminModerationItem') {
      const id = variables.id as string;
      return { data: { moderationItem: item(id, id === '1' ? 'first answer' : 'second answer') } };
    }
    return { data: { resolveReport: { id: variables.itemId, status: 'RESOLVED', resolution: variables.action } } };
  });
}

const routes = [{ path: '/moderation', element: <ModerationQueuePage /> }];

describe('ModerationQueuePage', () => {
  beforeAll(() => i18n.changeLanguage('en'));

  it('moves with j / k and dismisses with d in one keystroke', async () => {
    const sent = server();
    renderAt('/moderation', routes);
    await screen.findByText('first answer', { selector: 'blockquote' });
    fireEvent.keyDown(window, { key: 'j' });
    await screen.findByText('second answer', { selector: 'blockquote' });
    fireEvent.keyDown(window, { key: 'd' });
    await waitFor(() => expect(sent.some((s) => s.operation === 'AdminResolveReport')).toBe(true));
    const resolve = sent.find((s) => s.operation === 'AdminResolveReport');
    expect(resolve?.variables).toMatchObject({ itemId: '2', action: 'DISMISS' });
    expect(await screen.findByTestId('resolved')).toHaveProperty('textContent', 'Resolved: Dismiss.');
  });

  it('asks before deleting, and sends nothing when cancelled', async () => {
    const sent = server();
    renderAt('/moderation', routes);
    await screen.findByText('first answer', { selector: 'blockquote' });
    fireEvent.keyDown(window, { key: 'x' });
    const dialog = await screen.findByRole('dialog', { hidden: true });
    expect(dialog.textContent).toContain('Delete content: are you sure?');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel', hidden: true }));
    expect(sent.filter((s) => s.operation === 'AdminResolveReport')).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: /Delete content/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete content', hidden: true }));
    await waitFor(() =>
      expect(sent.find((s) => s.operation === 'AdminResolveReport')?.variables).toMatchObject({
        itemId: '1',
        action: 'DELETE_CONTENT',
      }),
    );
  });

  it('ignores shortcuts while typing a note', async () => {
    const sent = server();
    renderAt('/moderation', routes);
    await screen.findByText('first answer', { selector: 'blockquote' });
    const note = screen.getByLabelText('Note (optional)');
    fireEvent.keyDown(note, { key: 'd' });
    expect(sent.filter((s) => s.operation === 'AdminResolveReport')).toHaveLength(0);
  });
});
