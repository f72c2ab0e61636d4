import { type AnchorHTMLAttributes, type MouseEvent, type ReactNode, useMemo } from 'react';
import { navigate as go, usePathname, useSearch } from 'wouter/use-browser-location';

/**
 * Routing is wouter's (docs/decisions/0006-web-data-layer.md): App.tsx lists
 * the addresses with typed parameters. This file keeps the app's small
 * surface over it: the current path and query, `navigate`, and a Link that
 * leaves API and external addresses to the browser.
 */
export function navigate(to: string, opts: { replace?: boolean } = {}) {
  go(to, { replace: opts.replace });
  if (!opts.replace) window.scrollTo(0, 0);
}

export function useLocation(): { path: string; query: URLSearchParams } {
  const path = usePathname();
  const search = useSearch();
  const query = useMemo(() => new URLSearchParams(search), [search]);
  return { path, query };
}

export function Link({ href, children, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string; children: ReactNode }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    rest.onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (!href.startsWith('/') || href.startsWith('/api/')) return;
    e.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} {...rest} onClick={onClick}>
      {children}
    </a>
  );
}
