import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { detectLanguage, type Lang, MESSAGES, type MessageKey, pickLocalized, STORAGE_KEY, translate } from '../i18n/index.ts';
import { type Formatters, makeFormatters } from '../lib/format.ts';

interface I18n {
  lang: Lang;
  setLang(l: Lang): void;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** The chosen language's text from an API value such as {az, en, ko, ru}. */
  pick(value: unknown): string;
  fmt: Formatters;
}

const Ctx = createContext<I18n | null>(null);

function initialLang(): Lang {
  // A shared or cited link names its language (`?lang=ko`, as in the page's canonical address): it wins over what this browser chose before.
  const asked = new URLSearchParams(window.location.search).get('lang');
  if (asked && detectLanguage(asked, []) === asked) return asked as Lang;
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    // storage may be disabled: then the browser language decides each time
  }
  return detectLanguage(stored, navigator.languages?.length ? navigator.languages : [navigator.language]);
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = initialLang();
    // Set before the first paint, so assistive technology never hears the wrong language.
    document.documentElement.lang = l;
    return l;
  });
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // not remembered, still switched
    }
  }, []);
  const value = useMemo<I18n>(() => {
    const messages = MESSAGES[lang];
    return { lang, setLang, t: (k, v) => translate(messages, k, v, lang), pick: (v) => pickLocalized(v, lang), fmt: makeFormatters(lang) };
  }, [lang, setLang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
