import { type FormEvent, useState } from 'react';
import type { AuditEvent, AuditHead, AuditVerify, Page } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { navigate, useLocation } from '../../app/router.tsx';
import { Card, PageTitle, Show, useGet } from '../../app/ui.tsx';

const FILTERS = ['entityType', 'entityId', 'actorUserId', 'action', 'from', 'to'] as const;
type Filter = (typeof FILTERS)[number];

/** Field-by-field difference of two JSON values (one level deep: the audit events record flat views). */
export function diff(before: unknown, after: unknown): { field: string; before: unknown; after: unknown }[] {
  const obj = (x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : x === null || x === undefined ? {} : { value: x });
  const b = obj(before);
  const a = obj(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  return keys.filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])).map((k) => ({ field: k, before: b[k], after: a[k] }));
}

const show = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

function EventRow({ e }: { e: AuditEvent }) {
  const { t, fmt } = useI18n();
  const changes = diff(e.before, e.after);
  return (
    <tr data-testid="audit-event">
      <td>{fmt.dateTime(e.occurredAt)}</td>
      <td>{e.actorLabel ?? e.actorUserId ?? '—'}</td>
      <td>
        <code>{e.action}</code>
        <div className="muted">
          {e.entityType} {e.entityId}
        </div>
        {e.reason ? <div>{e.reason}</div> : null}
      </td>
      <td>
        {changes.length ? (
          <table className="diff">
            <caption className="sr-only">{t('audit.diff')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.field')}</th>
                <th scope="col">{t('audit.before')}</th>
                <th scope="col">{t('audit.after')}</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((c) => (
                <tr key={c.field}>
                  <th scope="row">{c.field}</th>
                  <td className="before">{show(c.before)}</td>
                  <td className="after">{show(c.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </td>
      <td className="num">{e.seq === null ? <span className="muted">{t('audit.pending')}</span> : <span title={e.hash ?? ''}>{e.seq}</span>}</td>
    </tr>
  );
}

/** The published head and a button that walks the chain on the server (the same check as `berpa audit verify`). */
function Chain() {
  const { t } = useI18n();
  const head = useGet<AuditHead>('/api/v1/audit/head');
  const [result, setResult] = useState<AuditVerify | null>(null);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const verify = async () => {
    setBusy(true);
    setFailed(false);
    try {
      setResult(await api<AuditVerify>('/api/v1/audit/verify', { method: 'POST' }));
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('audit.head')} id="audit-head">
      <Show value={head}>
        {(h) => (
          <p data-testid="audit-head" className="wrap">
            {t('audit.headValue', { seq: h.seq, hash: h.hash })}
          </p>
        )}
      </Show>
      <button className="btn" type="button" onClick={() => void verify()} disabled={busy} data-testid="audit-verify">
        {busy ? t('audit.verifying') : t('audit.verify')}
      </button>
      <div aria-live="polite">
        {result ? (
          result.ok ? (
            <p className="notice" data-testid="audit-verified">
              {t('audit.verified', { count: result.checked })}
            </p>
          ) : (
            <p className="error" role="alert">
              {t('audit.broken', { seq: result.firstBreak?.seq ?? 0, reason: result.firstBreak?.problem ?? '' })}
            </p>
          )
        ) : null}
        {failed ? (
          <p className="error" role="alert">
            {t('common.error')}
          </p>
        ) : null}
      </div>
    </Card>
  );
}

export default function AuditPage() {
  const { t } = useI18n();
  const { query } = useLocation();
  const current = Object.fromEntries(FILTERS.map((f) => [f, query.get(f) ?? ''])) as Record<Filter, string>;
  const [draft, setDraft] = useState(current);
  const [cursor, setCursor] = useState<string | null>(null);
  const qs = new URLSearchParams({ limit: '50' });
  for (const f of FILTERS) if (current[f]) qs.set(f, current[f]);
  if (cursor) qs.set('cursor', cursor);
  const events = useGet<Page<AuditEvent>>(`/api/v1/audit/events?${qs}`);
  const search = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const f of FILTERS) if (draft[f].trim()) next.set(f, draft[f].trim());
    setCursor(null);
    navigate(`/audit${next.size ? `?${next}` : ''}`, { replace: true });
  };
  const labels: Record<Filter, string> = {
    entityType: t('audit.entityType'),
    entityId: t('audit.entityId'),
    actorUserId: t('audit.actor'),
    action: t('audit.action'),
    from: t('audit.from'),
    to: t('audit.to'),
  };
  return (
    <div className="page">
      <PageTitle title={t('audit.title')}>{t('audit.title')}</PageTitle>
      <Chain />
      <form className="form card filters" role="search" onSubmit={search} data-testid="audit-search">
        {FILTERS.map((f) => (
          <div className="field" key={f}>
            <label htmlFor={`audit-${f}`}>{labels[f]}</label>
            <input id={`audit-${f}`} type={f === 'from' || f === 'to' ? 'date' : 'text'} value={draft[f]} onChange={(e) => setDraft({ ...draft, [f]: e.target.value })} />
          </div>
        ))}
        <button className="btn" type="submit">
          {t('audit.search')}
        </button>
      </form>
      <Show value={events}>
        {(data) => (
          <Card title={t('audit.results', { count: data.items.length })}>
            {/* Focusable so a keyboard can scroll the wide table. */}
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('audit.title')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('audit.when')}</th>
                    <th scope="col">{t('audit.who')}</th>
                    <th scope="col">{t('audit.what')}</th>
                    <th scope="col">{t('audit.diff')}</th>
                    <th scope="col" className="num">
                      {t('audit.position')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((e) => (
                    <EventRow key={e.id} e={e} />
                  ))}
                </tbody>
              </table>
            </div>
            {data.nextCursor ? (
              <button className="btn ghost" type="button" onClick={() => setCursor(data.nextCursor)}>
                {t('audit.more')}
              </button>
            ) : null}
          </Card>
        )}
      </Show>
    </div>
  );
}
