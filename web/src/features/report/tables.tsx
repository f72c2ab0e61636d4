import type { LandSummary, ReportFigures } from '../../api/types.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { Empty } from '../../app/ui.tsx';
import { countryName } from '../../lib/regions.ts';
import { sortBy } from '../../lib/text.ts';
import { SOURCES, sumByCurrency } from './api.ts';
import { Amounts, Fig } from './figures.tsx';

/**
 * Projects, budget and land released per district: the land figures come
 * from the land summary, projects and budgets from the report aggregate,
 * joined by area code. A district with nothing to report is left out so the
 * printed table stays short.
 */
export function DistrictTable({ land, report }: { land: LandSummary; report: ReportFigures }) {
  const { t, fmt, lang, pick } = useI18n();
  const projects = new Map(report.districts.map((d) => [d.code, d]));
  const rows = sortBy(
    land.districts
      .map((d) => ({ code: d.code, name: pick(d.name) || d.code, released: d.releasedKm2, hazardous: d.hazardousKm2, p: projects.get(d.code) }))
      .filter((d) => d.released > 0 || d.hazardous > 0 || (d.p?.projects ?? 0) > 0),
    lang,
    (d) => d.name,
  );
  if (!rows.length) return <Empty />;
  const totalBudget = sumByCurrency(rows.map((r) => r.p?.budget ?? []));
  return (
    <div className="table-wrap">
      <table data-testid="district-table">
        <caption className="sr-only">{t('report.districts')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('report.district')}</th>
            <th scope="col" className="num">
              {t('report.projects')}
            </th>
            <th scope="col" className="num">
              {t('report.budget')}
            </th>
            <th scope="col" className="num">
              {t('report.released')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.code}>
              <th scope="row">
                <Link href={`/districts/${r.code}`}>{r.name}</Link>
              </th>
              <td className="num">
                <Fig href={SOURCES.report}>{fmt.number(r.p?.projects ?? 0)}</Fig>
              </td>
              <td className="num">
                <Amounts list={r.p?.budget ?? []} href={SOURCES.report} />
              </td>
              <td className="num">
                <Fig href={SOURCES.land}>{fmt.km2(r.released)}</Fig>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('report.total')}</th>
            <td className="num">
              <Fig href={SOURCES.report}>{fmt.number(rows.reduce((s, r) => s + (r.p?.projects ?? 0), 0))}</Fig>
            </td>
            <td className="num">
              <Amounts list={totalBudget} href={SOURCES.report} />
            </td>
            <td className="num">
              <Fig href={SOURCES.land}>{fmt.km2(rows.reduce((s, r) => s + r.released, 0))}</Fig>
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
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
  const total = (pick: (c: (typeof rows)[number]) => { currency: string; amount: number }[]) => sumByCurrency(rows.map(pick));
  return (
    <div className="table-wrap">
      <table data-testid="country-table">
        <caption className="sr-only">{t('report.countries')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('report.country')}</th>
            <th scope="col" className="num">
              {t('report.pledged')}
            </th>
            <th scope="col" className="num">
              {t('report.contracted')}
            </th>
            <th scope="col" className="num">
              {t('report.paid')}
            </th>
            <th scope="col" className="num">
              {t('report.companies')}
            </th>
            <th scope="col" className="num">
              {t('report.bidsWon')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.country}>
              <th scope="row">
                <Link href={`/countries/${c.country}`}>{c.name}</Link>
                {c.current ? <span className="muted small"> · {t('report.currentPartner')}</span> : null}
              </th>
              <td className="num">
                <Amounts list={c.pledged} href={SOURCES.report} />
              </td>
              <td className="num">
                <Amounts list={c.contracted} href={SOURCES.report} />
              </td>
              <td className="num">
                <Amounts list={c.paid} href={SOURCES.report} />
              </td>
              <td className="num">
                <Fig href={SOURCES.report}>{fmt.number(c.companies)}</Fig>
              </td>
              <td className="num">
                <Fig href={SOURCES.report}>{fmt.number(c.bidsWon)}</Fig>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('report.total')}</th>
            <td className="num">
              <Amounts list={total((c) => c.pledged)} href={SOURCES.report} />
            </td>
            <td className="num">
              <Amounts list={total((c) => c.contracted)} href={SOURCES.report} />
            </td>
            <td className="num">
              <Amounts list={total((c) => c.paid)} href={SOURCES.report} />
            </td>
            <td className="num">
              <Fig href={SOURCES.report}>{fmt.number(rows.reduce((s, c) => s + c.companies, 0))}</Fig>
            </td>
            <td className="num">
              <Fig href={SOURCES.report}>{fmt.number(rows.reduce((s, c) => s + c.bidsWon, 0))}</Fig>
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
