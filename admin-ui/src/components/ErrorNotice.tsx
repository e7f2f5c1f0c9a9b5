// An API error shown in the user's language, keyed by its stable `extensions.code`.
import { useTranslation } from 'react-i18next';
import { GraphQLRequestError } from '../gql/client';

const KNOWN_CODES = [
  'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'CONFLICT', 'RATE_LIMITED',
  'UNAVAILABLE', 'INTERNAL', 'NETWORK_ERROR', 'BAD_RESPONSE', 'NO_DATA',
] as const;
type KnownCode = (typeof KNOWN_CODES)[number];

/** The code if the console has words for it (`errors.<code>` in both languages). */
export function knownCode(code: string | undefined): KnownCode | undefined {
  return KNOWN_CODES.includes(code as KnownCode) ? (code as KnownCode) : undefined;
}

export function errorCode(error: unknown): string | undefined {
  return error instanceof GraphQLRequestError ? error.code : undefined;
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const code = errorCode(error);
  const known = knownCode(code);
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="notice error" role="alert" data-error-code={code ?? 'unknown'}>
      <p>{known ? t(`errors.${known}`) : t('errors.unknown')}</p>
      {message && known !== 'NETWORK_ERROR' && <p className="muted">{t('errors.detail', { message })}</p>}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
