import type { ReactNode } from 'react';
import type { LandSummary, ReportFigures } from '../../api/types.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { Empty } from '../../app/ui.tsx';
import type { MessageKey } from '../../i18n/index.ts';
import { countryName } from '../../lib/regions.ts';
import { sortBy } from '../../lib/text.ts';
import { SOURCES, sumByCurrency } from './api.ts';
import { Amounts, Fig } from './figures.tsx';

/** One figure column: its heading, a row's cell and the total under it. */
interface Column<R> {
  head: MessageKey;
  cell: (r: R) => ReactNode;
  total: ReactNode;
}

/** The shape both printed tables share: a named row heading, figure columns, and a totals row. */
function FigureTable<R>({
  testid,
  caption,
  rowHead,
  rows,
  rowKey,
  name,
  columns,
}: {
  testid: string;
  caption: MessageKey;
  rowHead: MessageKey;
  rows: R[];
  rowKey: (r: R) => string;
  name: (r: R) => ReactNode;
  columns: Column<R>[];
}) {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table data-testid={testid}>
        <caption className="sr-only">{t(caption)}</caption>
        <thead>
          <tr>
            <th scope="col">{t(rowHead)}</th>
            {columns.map((c) => (
              <th key={c.head} scope="col" className="num">
                {t(c.head)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={rowKey(r)}>
              <th scope="row">{name(r)}</th>
              {columns.map((c) => (
                <td key={c.head} className="num">
                  {c.cell(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('report.total')}</th>
            {columns.map((c) => (
              <td key={c.head} className="num">
                {c.total}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/**
 * Projects, budget and land released per district: the land figures come
 * from the land summary, projects and budgets from the report aggregate,
 * joined by area code. A district with nothing to report is left out so the
 * printed table stays short.
 */
export function DistrictTable({ land, report }: { land: LandSummary; report: ReportFigures }) {
  const { fmt, lang, pick } = useI18n();
  const projects = new Map(report.districts.map((d) => [d.code, d]));
  const rows = sortBy(
    land.districts
      .map((d) => ({ code: d.code, name: pick(d.name) || d.code, released: d.releasedKm2, hazardous: d.hazardousKm2, p: projects.get(d.code) }))
      .filter((d) => d.released > 0 || d.hazardous > 0 || (d.p?.projects ?? 0) > 0),
    lang,
    (d) => d.name,
  );
  if (!rows.length) return <Empty />;
  const count = (n: number) => <Fig href={SOURCES.report}>{fmt.number(n)}</Fig>;
  const km2 = (n: number) => <Fig href={SOURCES.land}>{fmt.km2(n)}</Fig>;
  const budget = (list: { currency: string; amount: number }[]) => <Amounts list={list} href={SOURCES.report} />;
  return (
    <FigureTable
      testid="district-table"
      caption="report.districts"
      rowHead="report.district"
      rows={rows}
      rowKey={(r) => r.code}
      name={(r) => <Link href={`/districts/${r.code}`}>{r.name}</Link>}
      columns={[
        { head: 'report.projects', cell: (r) => count(r.p?.projects ?? 0), total: count(rows.reduce((s, r) => s + (r.p?.projects ?? 0), 0)) },
        { head: 'report.budget', cell: (r) => budget(r.p?.budget ?? []), total: budget(sumByCurrency(rows.map((r) => r.p?.budget ?? []))) },
        { head: 'report.released', cell: (r) => km2(r.released), total: km2(rows.reduce((s, r) => s + r.released, 0)) },
      ]}
    />
  );
}

/** Money, companies and bids won per partner country; partners of today first. */
export function CountryTable({ report }: { report: ReportFigures }) {
  const { t, fmt, lang } = useI18n();
  const named = report.countries.map((c) => ({ ...c, name: countryName(lang, c.country) || c.country }));
  const rows = [
    ...sortBy(
      named.filter((c) => c.current),
      lang,
      (c) => c.name,
    ),
    ...sortBy(
      named.filter((c) => !c.current),
      lang,
      (c) => c.name,
    ),
  ];
  if (!rows.length) return <Empty />;
  type Row = (typeof rows)[number];
  const money = (key: 'pledged' | 'contracted' | 'paid'): Column<Row> => ({
    head: `report.${key}`,
    cell: (c) => <Amounts list={c[key]} href={SOURCES.report} />,
    total: <Amounts list={sumByCurrency(rows.map((c) => c[key]))} href={SOURCES.report} />,
  });
  const count = (key: 'companies' | 'bidsWon'): Column<Row> => ({
    head: `report.${key}`,
    cell: (c) => <Fig href={SOURCES.report}>{fmt.number(c[key])}</Fig>,
    total: <Fig href={SOURCES.report}>{fmt.number(rows.reduce((s, c) => s + c[key], 0))}</Fig>,
  });
  return (
    <FigureTable
      testid="country-table"
      caption="report.countries"
      rowHead="report.country"
      rows={rows}
      rowKey={(c) => c.country}
      name={(c) => (
        <>
          <Link href={`/countries/${c.country}`}>{c.name}</Link>
          {c.current ? <span className="muted small"> · {t('report.currentPartner')}</span> : null}
        </>
      )}
      columns={[money('pledged'), money('contracted'), money('paid'), count('companies'), count('bidsWon')]}
    />
  );
}
