// Loading, error and empty states for a query, so every screen shows them the same way.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from './ErrorNotice';

export function QueryState({
  isPending,
  error,
  isEmpty,
  emptyText,
  onRetry,
  children,
}: {
  isPending: boolean;
  error: unknown;
  isEmpty?: boolean;
  emptyText?: string;
  onRetry?: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  if (isPending)
    return (
      <p className="state loading" role="status">
        {t('common.loading')}
      </p>
    );
  if (error) return <ErrorNotice error={error} onRetry={onRetry} />;
  if (isEmpty)
    return (
      <p className="state empty" role="status">
        {emptyText ?? t('common.empty')}
      </p>
    );
  return <>{children}</>;
}
