import type { ReactNode } from 'react';
import { useI18n } from '../../app/i18n.tsx';

/** A figure that links to the open data it was read from (issue 15: every figure links to the data behind it). */
export function Fig({ href, children }: { href: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <a className="fig" href={href} title={t('report.source', { url: href })}>
      {children}
    </a>
  );
}

/** Amounts per currency, one per line, each linking to its source; a dash when there is none. */
export function Amounts({ list, href }: { list: { currency: string; amount: number }[]; href: string }) {
  const { t, fmt } = useI18n();
  if (!list.length) return <Fig href={href}>{t('common.none')}</Fig>;
  return (
    <>
      {list.map((m, i) => (
        <span key={m.currency} className="amount">
          {i ? <br /> : null}
          <Fig href={href}>{fmt.money(m.amount, m.currency)}</Fig>
        </span>
      ))}
    </>
  );
}
