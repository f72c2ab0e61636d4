import { useState } from 'react';
import type { RedFlagDefinitions, RedFlagList } from '../../api/types.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { Card, Empty, PageTitle, Show, useGet } from '../../app/ui.tsx';
import { FlagDefinition } from './Flags.tsx';
import { coded } from './labels.ts';
import './contracts.css';

const STAGES = ['tender', 'award', 'contract', 'implementation'] as const;

function initial() {
  const q = new URLSearchParams(window.location.search);
  return { code: q.get('code') ?? '', stage: q.get('stage') ?? '', contractId: q.get('contractId') ?? '', supplierOrgId: q.get('supplierOrgId') ?? '' };
}

/**
 * The auditor's list: every red flag the data raises, filtered by flag,
 * stage, contract or supplier, with the definitions and a CSV of the same
 * filter (the API's own export). Public, like the contracts it describes.
 */
export default function RedFlagsPage() {
  const { t, lang } = useI18n();
  const [f, setF] = useState(initial);
  const qs = new URLSearchParams(Object.entries(f).filter(([, v]) => v)).toString();
  const flags = useGet<RedFlagList>(`/api/v1/red-flags${qs ? `?${qs}` : ''}`);
  const defs = useGet<RedFlagDefinitions>('/api/v1/red-flags/definitions');
  const set = (patch: Partial<typeof f>) => {
    const next = { ...f, ...patch };
    setF(next);
    const s = new URLSearchParams(Object.entries(next).filter(([, v]) => v)).toString();
    window.history.replaceState(null, '', `/red-flags${s ? `?${s}` : ''}`);
  };
  const csv = `/api/v1/red-flags?${new URLSearchParams([...Object.entries(f).filter(([, v]) => v), ['format', 'csv']]).toString()}`;
  const codes = defs.state === 'ok' ? defs.data.items : [];
  return (
    <div className="page">
      <PageTitle title={t('flag.pageTitle')}>{t('flag.pageTitle')}</PageTitle>
      <p>{t('flag.intro')}</p>
      <form className="form filters card" onSubmit={(e) => e.preventDefault()} data-testid="flag-filters">
        <div className="field">
          <label htmlFor="flag-code">{t('flag.filterCode')}</label>
          <select id="flag-code" value={f.code} onChange={(e) => set({ code: e.target.value })}>
            <option value="">{t('flag.any')}</option>
            {codes.map((d) => (
              <option key={d.code} value={d.code}>
                {coded(t, 'flag.title', d.code)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="flag-stage">{t('flag.filterStage')}</label>
          <select id="flag-stage" value={f.stage} onChange={(e) => set({ stage: e.target.value })}>
            <option value="">{t('flag.any')}</option>
            {STAGES.map((s) => (
              <option key={s} value={s}>
                {coded(t, 'flag.stage', s)}
              </option>
            ))}
          </select>
        </div>
        {f.contractId ? (
          <div className="field">
            <span>{t('flag.oneContract')}</span>
            <button type="button" className="btn small ghost" onClick={() => set({ contractId: '' })}>
              {t('flag.clearContract')}
            </button>
          </div>
        ) : null}
        <div className="field">
          <a className="btn" href={csv} download="red-flags.csv" data-testid="flag-csv">
            {t('flag.csv')}
          </a>
        </div>
      </form>
      <div className="grid">
        <Card title={t('flag.raised')} className="span-8">
          <Show value={flags}>
            {(l) =>
              l.items.length ? (
                <div className="table-wrap">
                  <p role="status" className="muted" data-testid="flag-count">
                    {t('flag.count', { count: l.items.length })}
                  </p>
                  <table data-testid="flag-table">
                    <thead>
                      <tr>
                        <th scope="col">{t('flag.flag')}</th>
                        <th scope="col">{t('flag.filterStage')}</th>
                        <th scope="col">{t('flag.detail')}</th>
                        <th scope="col">{t('contract.title')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {l.items.map((x) => (
                        <tr key={`${x.contractId}-${x.code}`} data-flag={x.code}>
                          <td>{coded(t, 'flag.title', x.code) || x.title}</td>
                          <td>{coded(t, 'flag.stage', x.stage)}</td>
                          <td lang={lang === 'en' ? undefined : 'en'}>{x.detail}</td>
                          <td>
                            <Link href={`/contracts/${x.contractId}`}>{x.ocid ?? x.contractId}</Link>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : (
                <Empty>{t('flag.none')}</Empty>
              )
            }
          </Show>
        </Card>
        <Card title={t('flag.definitions')} className="span-4">
          <Show value={defs}>
            {(d) => (
              <ul className="list flags">
                {d.items.map((x) => (
                  <li key={x.code}>
                    <div>
                      <strong>{coded(t, 'flag.title', x.code) || x.title}</strong>
                      <FlagDefinition code={x.code} source={x.source} threshold={x.threshold} fallback={x.definition} />
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </Show>
        </Card>
      </div>
    </div>
  );
}
