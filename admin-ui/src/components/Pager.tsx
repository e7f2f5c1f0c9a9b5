// Cursor pagination over a Relay connection: a stack of `after` cursors, so Previous works
// without offsets however long the list is.
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface PageInfo {
  hasNextPage: boolean;
  endCursor?: string | null;
}

/** The cursor of the page shown, and moves between pages. Reset it when filters change. */
export function useCursorPages() {
  const [stack, setStack] = useState<(string | null)[]>([null]);
  const after = stack[stack.length - 1];
  const next = useCallback((cursor: string | null | undefined) => {
    if (cursor) setStack((s) => [...s, cursor]);
  }, []);
  const previous = useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []);
  const reset = useCallback(() => setStack([null]), []);
  return { after, page: stack.length, next, previous, reset };
}

export function Pager({
  pages,
  pageInfo,
  label,
}: {
  pages: ReturnType<typeof useCursorPages>;
  pageInfo: PageInfo | undefined;
  label: string;
}) {
  const { t } = useTranslation();
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" onClick={pages.previous} disabled={pages.page <= 1}>
        {t('common.previous')}
      </button>
      <span aria-live="polite">{t('common.page', { page: pages.page })}</span>
      <button
        type="button"
        onClick={() => pages.next(pageInfo?.endCursor)}
        disabled={!pageInfo?.hasNextPage || !pageInfo.endCursor}
      >
        {t('common.next')}
      </button>
    </nav>
  );
}
