import { useEffect, useRef, useState, type ReactNode } from 'react';
import { api, isMissing } from './api.ts';
import { useI18n } from './i18n.tsx';

export type Loaded<T> = { state: 'loading' } | { state: 'ok'; data: T } | { state: 'missing' } | { state: 'error'; error: unknown };

/**
 * Load data for a page. An endpoint that is not there (404) is "missing", not
 * an error: the page shows its empty state. `load` may combine several calls.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T | null>, deps: unknown[]): Loaded<T> {
  const [s, setS] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    const ac = new AbortController();
    setS({ state: 'loading' });
    load(ac.signal).then(
      (data) => !ac.signal.aborted && setS(data == null ? { state: 'missing' } : { state: 'ok', data }),
      (error) => {
        if (ac.signal.aborted) return;
        setS(isMissing(error) ? { state: 'missing' } : { state: 'error', error });
      },
    );
    return () => ac.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return s;
}

/** GET one endpoint; null (missing) when it does not exist yet. */
export function useGet<T>(path: string | null): Loaded<T> {
  return useLoad<T>((signal) => (path ? api<T>(path, { signal }).catch((e) => (isMissing(e) ? null : Promise.reject(e))) : Promise.resolve(null)), [path]);
}

/** Render a Loaded value: spinner text, empty state, error, or the content. */
export function Show<T>({ value, children, empty }: { value: Loaded<T>; children: (data: T) => ReactNode; empty?: ReactNode }) {
  const { t } = useI18n();
  if (value.state === 'loading') return <p className="muted" role="status">{t('common.loading')}</p>;
  if (value.state === 'missing') return <>{empty ?? <Empty />}</>;
  if (value.state === 'error') return <p className="error" role="alert">{t('common.error')}</p>;
  return <>{children(value.data)}</>;
}

export function Empty({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  return <p className="empty">{children ?? t('common.notYet')}</p>;
}

/** The page heading; sets the document title and takes focus after navigation for screen readers. */
export function PageTitle({ children, title }: { children: ReactNode; title: string }) {
  const { t } = useI18n();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  return (
    <h1 ref={ref} tabIndex={-1} id="page-title">
      {children}
    </h1>
  );
}

export function Card({ title, children, className, id }: { title?: ReactNode; children: ReactNode; className?: string; id?: string }) {
  const headingId = id ? `${id}-h` : undefined;
  return (
    <section className={`card ${className ?? ''}`} aria-labelledby={headingId} id={id}>
      {title ? <h2 id={headingId}>{title}</h2> : null}
      {children}
    </section>
  );
}

export function Dl({ rows }: { rows: [ReactNode, ReactNode][] }) {
  const shown = rows.filter(([, v]) => v !== null && v !== undefined && v !== '');
  return (
    <dl className="dl">
      {shown.map(([k, v], i) => (
        <div key={i}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A number out of an object that may name it in several ways (API shapes still settling). */
export function num(o: unknown, ...keys: string[]): number | null {
  if (!o || typeof o !== 'object') return null;
  for (const k of keys) {
    let v: unknown = o;
    for (const part of k.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  }
  return null;
}

export function str(o: unknown, ...keys: string[]): string | null {
  if (!o || typeof o !== 'object') return null;
  for (const k of keys) {
    let v: unknown = o;
    for (const part of k.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
    if (typeof v === 'string' && v) return v;
    if (typeof v === 'number') return String(v);
  }
  return null;
}
