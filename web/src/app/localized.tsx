import { isLang, LANG_NAMES, type Lang } from '../i18n/index.ts';
import { useI18n } from './i18n.tsx';

/** The text for the language from an API value {az, en, …}, and the language it is actually in. */
export function pickWithLang(value: unknown, lang: Lang): { text: string; lang: string } {
  if (value == null) return { text: '', lang };
  if (typeof value === 'string') return { text: value, lang };
  const rec = value as Record<string, unknown>;
  for (const k of [lang, 'en', 'az', ...Object.keys(rec)]) {
    const v = rec[k];
    if (typeof v === 'string' && v.trim()) return { text: v, lang: k };
  }
  return { text: '', lang };
}

/**
 * Data text in the visitor's language; when the data lacks that language the
 * fallback is shown in its own language (lang attribute) with a visible tag.
 */
export function Localized({ value, as: Tag = 'span', className }: { value: unknown; as?: 'span' | 'p' | 'div'; className?: string }) {
  const { lang, t } = useI18n();
  const got = pickWithLang(value, lang);
  if (!got.text) return null;
  if (got.lang === lang) return <Tag className={className}>{got.text}</Tag>;
  const name = isLang(got.lang) ? LANG_NAMES[got.lang] : got.lang;
  return (
    <Tag className={className} lang={got.lang}>
      {got.text}{' '}
      <abbr className="lang-tag" title={t('portal.langTag', { language: name })} data-fallback-lang={got.lang}>
        {got.lang.toUpperCase()}
      </abbr>
    </Tag>
  );
}
