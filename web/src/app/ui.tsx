import { type QueryKey, useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef } from 'react';
import { api, isNotFound } from './api.ts';
import { useI18n } from './i18n.tsx';

export type Loaded<T> = { state: 'loading' } | { state: 'ok'; data: T } | { state: 'missing' } | { state: 'error'; error: unknown };

/**
 * Load data for a page through the query cache (TanStack Query): the key names
 * the data, writes invalidate it (see app/query.ts). A 404 or a `null` from
 * `load` is "missing": the page shows its empty state.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T | null>, key: unknown[], opts: { enabled?: boolean } = {}): Loaded<T> {
  const q = useQuery({
    queryKey: key as QueryKey,
    queryFn: async ({ signal }) => {
      try {
        return { value: await load(signal) };
      } catch (e) {
        if (isNotFound(e)) return { value: null };
        throw e;
      }
    },
    enabled: opts.enabled,
  });
  if (opts.enabled === false) return { state: 'missing' };
  if (q.isPending) return { state: 'loading' };
  if (q.isError) return { state: 'error', error: q.error };
  return q.data.value == null ? { state: 'missing' } : { state: 'ok', data: q.data.value };
}

/** GET one endpoint (typed by the caller from web/src/api/types.ts); the path is the cache key. */
export function useGet<T>(path: string | null): Loaded<T> {
  return useLoad<T>((signal) => (path ? api<T>(path, { signal }) : Promise.resolve(null)), [path ?? 'none'], { enabled: path !== null });
}

/** Render a Loaded value: spinner text, empty state, error, or the content. */
export function Show<T>({ value, children, empty }: { value: Loaded<T>; children: (data: T) => ReactNode; empty?: ReactNode }) {
  const { t } = useI18n();
  if (value.state === 'loading')
    return (
      <p className="muted" role="status">
        {t('common.loading')}
      </p>
    );
  if (value.state === 'missing') return <>{empty ?? <Empty />}</>;
  if (value.state === 'error')
    return (
      <p className="error" role="alert">
        {t('common.error')}
      </p>
    );
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
