// The locale setting, shared by the server layout (reads the cookie) and the client provider.
export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** Remembered in a cookie (so the server renders the right language) and in localStorage. */
export const LOCALE_COOKIE = 'repay_locale';
export const LOCALE_STORAGE_KEY = 'repay.locale';

export function parseLocale(value: string | null | undefined): Locale | null {
  return value === 'zh-CN' || value === 'en' ? value : null;
}
