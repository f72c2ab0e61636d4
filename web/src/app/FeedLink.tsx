import { useState } from 'react';
import type { SubscriptionInput } from '../api/types.ts';
import { api } from './api.ts';
import { useI18n } from './i18n.tsx';
import { problemText } from './problem-text.ts';
import { invalidate } from './query.ts';
import { useSession } from './session.tsx';

/**
 * A visible link to a page's Atom feed (an SPA cannot give each page its own
 * <link rel="alternate"> in the served HTML), and for a signed-in reader a
 * button that subscribes by email to the same thing. The feed speaks the
 * reader's language; `query` carries the page's filters.
 */
export function FeedLink({ path, query = {}, subscribe }: { path: string; query?: Record<string, string | null | undefined>; subscribe?: SubscriptionInput }) {
  const { t, lang } = useI18n();
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) q.set(k, v);
  q.set('lang', lang);
  return (
    <>
      <a className="feed-link" href={`${path}?${q.toString()}`} type="application/atom+xml" rel="alternate">
        {t('portal.feed')}
      </a>
      {subscribe ? <SubscribeButton input={subscribe} /> : null}
    </>
  );
}

function SubscribeButton({ input }: { input: SubscriptionInput }) {
  const { t, lang } = useI18n();
  const session = useSession();
  const [state, setState] = useState<'idle' | 'busy' | 'done'>('idle');
  const [error, setError] = useState<string | null>(null);
  if (!session.user) return null;
  if (state === 'done') return <span className="feed-link-done">{t('portal.subscribed')}</span>;
  const go = async () => {
    setState('busy');
    setError(null);
    try {
      await api('/api/v1/subscriptions', { method: 'POST', body: { ...input, language: lang } });
      await invalidate('/api/v1/subscriptions');
      setState('done');
    } catch (e) {
      setError(problemText(t, lang, e).text);
      setState('idle');
    }
  };
  return (
    <>
      <button type="button" className="btn ghost small feed-subscribe" disabled={state === 'busy'} onClick={() => void go()}>
        {t('portal.subscribe')}
      </button>
      {error ? <span className="error">{error}</span> : null}
    </>
  );
}

/** The tender feed's filters found in the page address (the tenders list keeps them there). */
export function tenderFeedFilters(search: string): { sector?: string; district?: string; eligibility?: string } {
  const p = new URLSearchParams(search);
  const out: { sector?: string; district?: string; eligibility?: string } = {};
  for (const k of ['sector', 'district', 'eligibility'] as const) {
    const v = p.get(k);
    if (v) out[k] = v;
  }
  return out;
}
