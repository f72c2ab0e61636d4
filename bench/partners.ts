/**
 * Partners: (1) `isPartnerOn`, asked inside every bid transaction, through
 * the application against the same SELECT run by pgbench; (2) the country
 * view (its ~10 queries plus presentation) against the very same SQL
 * statements, captured from one application call and replayed by pgbench.
 * Data: a seeded generator at `scale` (1 = realistic: 40 countries, 3,000
 * companies, 600 tenders, 12,000 opened bids, 600 contracts, 2,000
 * engagements, 400 pledges; `npm run bench -- partners 10` for 10×).
 */
import { type CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from '../src/db/schema.ts';
import type { Ctx } from '../src/lib/context.ts';
import { ANONYMOUS } from '../src/modules/auth/permissions.ts';
import { countryView } from '../src/modules/partners/country-view.service.ts';
import { isPartnerOn } from '../src/modules/partners/eligibility.ts';
import { benchDatabase, invalidIf, pgbench, report, runClients } from './lib.ts';

const COUNTRIES = [
  'KR',
  'TR',
  'IT',
  'GB',
  'JP',
  'FR',
  'ES',
  'NL',
  'PL',
  'CZ',
  'HU',
  'RO',
  'BG',
  'GR',
  'SE',
  'FI',
  'NO',
  'DK',
  'AT',
  'CH',
  'BE',
  'PT',
  'IE',
  'US',
  'CA',
  'AU',
  'CN',
  'IN',
  'PK',
  'KZ',
  'UZ',
  'TM',
  'KG',
  'GE',
  'AE',
  'SA',
  'QA',
  'EG',
  'IL',
  'AZ',
];

async function generate(db: Kysely<DB>, scale: number) {
  const n = (x: number) => Math.round(x * scale);
  const cc = `(array[${COUNTRIES.map((c) => `'${c}'`).join(',')}])`;
  const steps = [
    sql`insert into programme (name, target_km2, currencies, languages, ocid_prefix, oc4ids_prefix, timezone) values ('{"en":"bench"}', 10000, '{AZN}', '{en}', 'ocds-bench0', 'oc4ids-bench0', 'Asia/Baku')`,
    sql`insert into partner_period (country, valid_from, valid_to, basis)
        select c, (date '2010-01-01' + (k * 800)), (date '2010-01-01' + (k * 800) + 700), 'bench' from unnest(${sql.raw(cc)}) c, generate_series(0, 4) k`,
    sql`insert into partner_period (country, valid_from, basis) select c, date '2025-01-01', 'bench' from unnest(${sql.raw(cc)}) c`,
    sql`insert into organisation (name, identifier_scheme, identifier_id, country, roles, verification_status)
        select 'Company ' || i, 'XI-BENCH', i::text, ${sql.raw(cc)}[1 + i % ${COUNTRIES.length}], '{tenderer}', case when i % 7 = 3 then 'unverified' else 'verified' end
        from generate_series(1, ${n(3000)}) i`,
    sql`insert into project (code, oc4ids_id, title, sector, type, status, location, centroid, budget_amount, budget_currency, sort_date, search_vec)
        select 'P' || i, 'oc4ids-bench0-P' || i, '{"en":"p"}', array[(array['transport','energy','water','education','health'])[1 + i % 5]], 'construction', 'implementation',
          ST_SetSRID(ST_MakePoint(47, 40), 4326), ST_SetSRID(ST_MakePoint(47, 40), 4326), 1000, 'AZN', date '2023-01-01', to_tsvector('simple', 'p')
        from generate_series(1, ${n(300)}) i`,
    sql`insert into tender (ocid, programme_id, title, method, status, enquiry_start, enquiry_end, tender_start, tender_end, opening_at)
        select 'ocds-bench0-' || i, (select id from programme), '{"en":"t"}', 'open', 'evaluation', '2022-01-01', '2022-01-02', '2022-01-01', '2022-01-03', '2022-01-04'
        from generate_series(1, ${n(600)}) i`,
    sql`insert into tender_lot (tender_id, ref, title) select id, '1', '{"en":"lot"}' from tender`,
    sql`insert into tender_opening (tender_id, opened_by, record) select id, '{}', '{}' from tender`,
    sql`insert into tender_project (tender_id, project_id)
        select t.id, p.id from (select id, row_number() over (order by id) r from tender) t join (select id, row_number() over (order by id) r from project) p on p.r = 1 + t.r % ${n(300)}`,
    sql`insert into bid (tender_id, organisation_id, status, lot_ids, received_at, envelope, envelope_sha256)
        select t.id, o.id, 'valid', array[l.id], timestamptz '2021-01-01' + (random() * interval '1800 days'), '{}', repeat('0', 64)
        from (select id, row_number() over (order by id) r from tender) t
        join tender_lot l on l.tender_id = t.id
        cross join lateral (select id from organisation where verification_status = 'verified' order by md5(id::text || t.id::text) limit 20) o`,
    sql`insert into bid_price (bid_id, lot_id, amount, currency) select b.id, b.lot_ids[1], round((random() * 1e7)::numeric, 2), 'AZN' from bid b`,
    sql`insert into award (tender_id, bid_id, supplier_org_id, value_amount, value_currency, reasons, status, standstill_ends_at)
        select distinct on (b.tender_id) b.tender_id, b.id, b.organisation_id, bp.amount, 'AZN', 'lowest', 'active', '2022-02-01'
        from bid b join bid_price bp on bp.bid_id = b.id order by b.tender_id, bp.amount`,
    sql`insert into contract (tender_id, award_id, supplier_org_id, value_amount, value_currency, signed_at, period_start, period_end)
        select tender_id, id, supplier_org_id, value_amount, 'AZN', timestamptz '2021-06-01' + (random() * interval '1500 days'), '2023-01-01', '2026-01-01' from award`,
    sql`insert into engagement (country, kind, status, title, summary, starts_on)
        select ${sql.raw(cc)}[1 + i % ${COUNTRIES.length}], 'meeting', 'held', '{"en":"e"}', '{}', date '2021-01-01' + (i % 1500) from generate_series(1, ${n(2000)}) i`,
    sql`insert into pledge (country, pledger, description, currency, status, pledged_amount, pledged_on, committed_amount, committed_on, disbursed_amount)
        select ${sql.raw(cc)}[1 + i % ${COUNTRIES.length}], 'Agency', '{"en":"p"}', 'USD', 'committed', 1000000, '2022-01-01', 800000, '2022-02-01', 0 from generate_series(1, ${n(400)}) i`,
    sql`insert into project_funding (project_id, position, source_type, pledge_id, amount, currency)
        select p.id, 0, 'donor', pl.id, 100000, 'USD'
        from (select id, row_number() over (order by id) r from project) p join (select id, row_number() over (order by id) r from pledge) pl on pl.r = p.r`,
    sql`analyze`,
  ];
  for (const s of steps) await s.execute(db);
}

/** Inline the parameters as SQL literals so pgbench runs exactly what the application sent. */
function inline(q: CompiledQuery): string {
  let text = q.sql;
  for (let i = q.parameters.length; i >= 1; i--) {
    const v = q.parameters[i - 1];
    const lit = Array.isArray(v)
      ? `array[${v.map((x) => `'${String(x).replace(/'/g, "''")}'`).join(',')}]`
      : typeof v === 'number'
        ? String(v)
        : `'${String(v).replace(/'/g, "''")}'`;
    text = text.split(`$${i}`).join(lit);
  }
  return text.replace(/\s+/g, ' ').trim() + ';\n';
}

export default async function partners(args: string[]) {
  const scale = Number(args[0] ?? 1);
  const seconds = Number(args[1] ?? 10);
  const clients = 8;
  const bench = await benchDatabase('partners', { poolSize: clients + 2 });
  try {
    const { db } = bench.database;
    const t0 = performance.now();
    await generate(db, scale);
    const generatedSeconds = (performance.now() - t0) / 1000;

    // 1. isPartnerOn
    const days = ['2012-03-01', '2015-07-01', '2019-12-31', '2026-01-01'];
    const rawPartner = await pgbench({
      url: bench.url,
      clients,
      seconds,
      script: `\\set c random(1, ${COUNTRIES.length})\nselect exists (select 1 from partner_period where country = (array[${COUNTRIES.map((c) => `'${c}'`).join(',')}])[:c] and valid_from <= date '2019-12-31' and (valid_to is null or valid_to >= date '2019-12-31')) as ok;\n`,
    });
    const appPartner = await runClients({
      clients,
      durationMs: seconds * 1000,
      maxOps: 5_000_000,
      op: async (_c, i) => void (await isPartnerOn(db, COUNTRIES[i % COUNTRIES.length], days[i % days.length])),
    });

    // 2. Country view: capture the statements of one call, replay them with pgbench.
    const captured: CompiledQuery[] = [];
    const pool = new pg.Pool({ connectionString: bench.url, max: 2 });
    const logging = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: (e) => void (e.level === 'query' && captured.push(e.query)) });
    const ctxOf = (d: Kysely<DB>): Ctx => ({ db: d, dbKind: 'postgres', config: {} as Ctx['config'], blobs: {} as Ctx['blobs'], actor: ANONYMOUS, requestId: 'bench' });
    const sample = await countryView(ctxOf(logging), 'KR');
    await logging.destroy();
    const script = captured.map(inline).join('');
    const rawView = await pgbench({ url: bench.url, clients, seconds, script: `begin;\n${script}commit;\n` });
    const appView = await runClients({ clients, durationMs: seconds * 1000, maxOps: 1_000_000, op: async () => void (await countryView(ctxOf(db), 'KR')) });

    report('partners', {
      scale,
      generatedSeconds: Math.round(generatedSeconds),
      data: { countries: COUNTRIES.length, bidsForKR: sample.bids?.count, contractsForKR: sample.contracts?.count, engagementsForKR: sample.engagements.length },
      isPartnerOn: { clients, app: appPartner, rawTps: rawPartner.tps, ratioAppToRaw: +(appPartner.rate / rawPartner.tps).toFixed(3) },
      countryView: { clients, statements: captured.length, app: appView, rawTps: rawView.tps, ratioAppToRaw: +(appView.rate / rawView.tps).toFixed(3) },
      ...invalidIf({ errors: appPartner.errors + appView.errors }),
    });
  } finally {
    await bench.drop();
  }
}
