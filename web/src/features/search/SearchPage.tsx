import { type FormEvent, useState } from 'react';
import type { SearchResult } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { codeLabel, sectorChips } from '../../app/codes.ts';
import { useDistrictName } from '../../app/districts.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link, navigate, useLocation } from '../../app/router.tsx';
import { Empty, PageTitle, Show, useLoad } from '../../app/ui.tsx';
import { countryName } from '../../lib/regions.ts';

const FACETS: { name: 'sector' | 'status' | 'districtId' | 'partnerCountry'; prefix: 'sector' | 'status' | null }[] = [
  { name: 'sector', prefix: 'sector' },
  { name: 'status', prefix: 'status' },
  { name: 'districtId', prefix: null },
  { name: 'partnerCountry', prefix: null },
];
const FILTER_KEYS = ['sector', 'status', 'districtId', 'partnerCountry', 'sort'];

export default function SearchPage() {
  const { t, lang, pick, fmt } = useI18n();
  const { query } = useLocation();
  const q = query.get('q') ?? '';
  const [text, setText] = useState(q);
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  for (const k of FILTER_KEYS) if (query.get(k)) params.set(k, query.get(k)!);
  params.set('limit', '20');
  params.set('facets', 'true');
  const key = params.toString();
  const res = useLoad((signal) => api<SearchResult>(`/api/v1/projects?${key}`, { signal }), ['/api/v1/projects', key]);
  const districtOf = useDistrictName();
  const districtName = (id: string) => districtOf(id) || t('common.district');

  const go = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(query);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    navigate(`/search?${next.toString()}`, { replace: true });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go({ q: text.trim() || null });
  };
  const facetLabel = (facet: string, v: string, prefix: 'sector' | 'status' | null) => {
    if (prefix) return codeLabel(lang, prefix, v);
    if (facet === 'partnerCountry' && /^[A-Z]{2}$/.test(v)) return countryName(lang, v);
    if (facet === 'districtId') return districtName(v);
    return v;
  };

  return (
    <div className="page">
      <PageTitle title={t('search.title')}>{t('search.title')}</PageTitle>
      <form role="search" className="search-form" onSubmit={submit}>
        <label className="sr-only" htmlFor="search-q">
          {t('search.label')}
        </label>
        <input id="search-q" type="search" name="q" value={text} placeholder={t('search.placeholder')} onChange={(e) => setText(e.target.value)} />
        <button className="btn" type="submit">
          {t('search.submit')}
        </button>
        <label>
          <span className="sr-only">{t('search.sort')}</span>
          <select value={query.get('sort') ?? ''} onChange={(e) => go({ sort: e.target.value || null })} aria-label={t('search.sort')}>
            <option value="">{`${t('search.sort')}: ${t('search.sortRelevance')}`}</option>
            <option value="budget">{`${t('search.sort')}: ${t('search.sortBudget')}`}</option>
            <option value="date">{`${t('search.sort')}: ${t('search.sortDate')}`}</option>
          </select>
        </label>
      </form>
      <Show value={res} empty={<Empty />}>
        {(r) => {
          const items = r.items;
          return (
            <div className="search-layout">
              <aside aria-label={t('search.filters')}>
                {FACETS.map((f) => {
                  const rows = (r.facets?.[f.name] ?? []).map((x) => ({ key: x.value, value: x.count })).sort((a, b) => b.value - a.value);
                  if (!rows.length) return null;
                  const selected = query.get(f.name);
                  return (
                    <div className="facet card" key={f.name}>
                      <h2 className="h3">
                        {f.prefix ? t(f.prefix === 'sector' ? 'common.sector' : 'common.status') : f.name === 'districtId' ? t('common.district') : t('common.country')}
                      </h2>
                      <ul>
                        {rows.slice(0, 12).map((row) => (
                          <li key={row.key}>
                            <button type="button" aria-pressed={selected === row.key} onClick={() => go({ [f.name]: selected === row.key ? null : row.key })}>
                              <span>{facetLabel(f.name, row.key, f.prefix)}</span>
                              <span>{fmt.number(row.value)}</span>
                            </button>
                          </li>
                        ))}
                      </ul>
                    </div>
                  );
                })}
                {FILTER_KEYS.some((k) => query.get(k)) ? (
                  <button className="btn ghost small" type="button" onClick={() => go(Object.fromEntries(FILTER_KEYS.map((k) => [k, null])))}>
                    {t('search.clear')}
                  </button>
                ) : null}
              </aside>
              <section aria-live="polite" aria-labelledby="results-h">
                <h2 id="results-h">{t('search.results', { count: fmt.number((r.facets?.status ?? []).reduce((n, x) => n + x.count, 0) || items.length) })}</h2>
                {items.length === 0 ? <p className="empty">{t('search.noResults')}</p> : null}
                {items.map((p) => {
                  return (
                    <article className="result" key={p.id} data-testid="search-result">
                      <h3>
                        <Link href={`/projects/${p.id}`}>{pick(p.title) || p.code}</Link>
                      </h3>
                      <p style={{ margin: '0.2rem 0' }}>
                        {sectorChips(p.sector).map((s) => (
                          <span className="tag" key={s}>
                            {codeLabel(lang, 'sector', s)}
                          </span>
                        ))}
                        <span className="tag">{codeLabel(lang, 'status', p.status)}</span>
                        <span className="muted">{fmt.money(p.budget.amount, p.budget.currency)}</span>
                      </p>
                    </article>
                  );
                })}
              </section>
            </div>
          );
        }}
      </Show>
    </div>
  );
}
