'use client';
// A small dictionary i18n: zh-CN by default, English on demand. The choice is kept in a cookie
// (read by the root layout, so the first render is already in the right language) and in
// localStorage; antd's ConfigProvider locale and dayjs follow it.
import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { en } from './en';
import { LOCALE_COOKIE, LOCALE_STORAGE_KEY, parseLocale, type Locale } from './locale';
import { zhCN, type MessageKey } from './zh-CN';

export type { Locale, MessageKey };
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

interface I18n {
  locale: Locale;
  t: Translate;
  setLocale: (locale: Locale) => void;
}

const I18nContext = createContext<I18n | null>(null);

function applyLocale(locale: Locale) {
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
}

function remember(locale: Locale) {
  document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=31536000; samesite=lax`;
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // storage disabled: the cookie is enough
  }
}

export function translate(
  locale: Locale,
  key: MessageKey,
  vars?: Record<string, string | number>,
): string {
  const text = dictionaries[locale][key] ?? key;
  return vars
    ? text.replace(/\{(\w+)\}/g, (whole, name: string) =>
        name in vars ? String(vars[name]) : whole,
      )
    : text;
}

export function I18nProvider({
  initialLocale,
  children,
}: {
  initialLocale: Locale | null;
  children: ReactNode;
}) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const first = initialLocale ?? 'zh-CN';
    applyLocale(first);
    return first;
  });

  useEffect(() => {
    // No cookie yet (first visit, or set before cookies were used): fall back to localStorage.
    if (initialLocale) return;
    let stored: Locale | null = null;
    try {
      stored = parseLocale(localStorage.getItem(LOCALE_STORAGE_KEY));
    } catch {
      stored = null;
    }
    if (stored && stored !== locale) {
      applyLocale(stored);
      setLocaleState(stored);
    }
    remember(stored ?? locale);
    // Only on mount: later changes go through setLocale.
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    applyLocale(next);
    remember(next);
    setLocaleState(next);
  }, []);

  const value = useMemo<I18n>(
    () => ({ locale, setLocale, t: (key, vars) => translate(locale, key, vars) }),
    [locale, setLocale],
  );
  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider
        locale={locale === 'en' ? enUS : zhCNLocale}
        theme={{ token: { colorPrimary: '#1677ff' } }}
      >
        {children}
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

/** The translate function of the current locale. */
export function useT(): Translate {
  return useI18n().t;
}

/** Label of an enum value, e.g. enumLabel(t, 'loanStatus', 'active'); the raw value when unknown. */
export function enumLabel(t: Translate, group: string, value: string): string {
  const key = `enum.${group}.${value}` as MessageKey;
  const text = t(key);
  return text === key ? value : text;
}
