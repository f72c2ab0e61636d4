import { useI18n } from './i18n.tsx';

/**
 * A visible link to a page's Atom feed (an SPA cannot give each page its own
 * <link rel="alternate"> in the served HTML). The feed speaks the reader's
 * language; `query` carries the page's filters.
 */
export function FeedLink({ path, query = {} }: { path: string; query?: Record<string, string | null | undefined> }) {
  const { t, lang } = useI18n();
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) q.set(k, v);
  q.set('lang', lang);
  return (
    <a className="feed-link" href={`${path}?${q.toString()}`} type="application/atom+xml" rel="alternate">
      {t('portal.feed')}
    </a>
  );
}

/** The tender feed's filters found in the page address (the tenders list keeps them there). */
export function tenderFeedFilters(search: string): Record<string, string | null> {
  const p = new URLSearchParams(search);
  return { sector: p.get('sector'), district: p.get('district'), eligibility: p.get('eligibility') };
}
