import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { i18n } from '../../i18n';
import { mockGraphql, renderAt } from '../../testing';
import { ThreadsPage } from './ThreadsPage';

function thread(id: string, title: string) {
  return {
    id, title, kind: 'QUESTION', tags: ['rust'], score: 3, answerCount: 1, createdAt: '2026-11-01T00:00:00Z',
    pinnedAt: null, pinScope: null, featuredAt: null, isLocked: false, hidden: false, deletedAt: null,
    author: { id: 'U1', username: 'ana' }, course: null,
  };
}

describe('ThreadsPage', () => {
  beforeAll(() => i18n.changeLanguage('en'));

  it('applies a bulk action and reports each thread, keeping the refused one selected', async () => {
    const sent = mockGraphql(({ operation, variables }) => {
      if (operation === 'AdminThreads')
        return {
          data: {
            threads: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [thread('T1', 'Lifetimes'), thread('T2', 'Borrowing')] },
          },
        };
      const ids = (variables.input as { threadIds: string[] }).threadIds;
      return {
        data: {
          curateThreads: ids.map((id) =>
            id === 'T2' ? { threadId: id, error: { code: 'CONFLICT', message: 'already locked' } } : { threadId: id, error: null },
          ),
        },
      };
    });
    renderAt('/threads', [{ path: '/threads', element: <ThreadsPage /> }]);
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Select all on this page' }));
    expect(screen.getByTestId('selected-count').textContent).toBe('Selected: 2');
    fireEvent.change(screen.getByLabelText('Action'), { target: { value: 'LOCK' } });
    // A lock needs a reason: nothing is sent without one.
    expect(screen.getByRole('button', { name: 'Apply' })).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByLabelText('Reason'), { target: { value: 'flame war' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    const dialog = await screen.findByRole('dialog', { hidden: true });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm', hidden: true }));

    const results = await screen.findByTestId('curation-results');
    expect(results.textContent).toContain('Done: 1, refused: 1.');
    expect(within(results).getByText(/Borrowing/).textContent).toContain('Someone changed this meanwhile');
    await waitFor(() =>
      expect(sent.find((s) => s.operation === 'AdminCurateThreads')?.variables).toEqual({
        input: { action: 'LOCK', threadIds: ['T1', 'T2'], reason: 'flame war' },
      }),
    );
    expect(screen.getByTestId('selected-count').textContent).toBe('Selected: 2');
  });
});
