// Locale-aware formatting bound to the current language.
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime, formatNumber } from '../i18n';

export function useFormat() {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return {
    dateTime: (iso: string | null | undefined) => formatDateTime(iso, language),
    date: (iso: string | null | undefined) => formatDate(iso, language),
    /** A calendar day (YYYY-MM-DD) as month and day, for chart axes. */
    day: (day: string) => new Intl.DateTimeFormat(language, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`)),
    number: (value: number, options?: Intl.NumberFormatOptions) => formatNumber(value, language, options),
    /** An amount in a currency's minor unit (cents), e.g. 12800 USD → $128.00. */
    money: (cents: number, currency: string) => formatNumber(cents / 100, language, { style: 'currency', currency }),
  };
}
