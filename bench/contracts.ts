/**
 * Contract execution at scale (default 20,000 contracts, 500,000 payments,
 * 2,000 projects, 40 pledges of one partner country): p50/p99 of
 *  - the contract page's service call (contracts.load: contract, parts,
 *    milestones, reports, photos, payments, variations), and
 *  - follow-the-money for one country,
 * each against the same SQL run straight on PostgreSQL in the same run
 * (ratio = direct p99 / app p99; ≥ 0.5 is the bar). For follow-the-money the
 * direct side replays the very statements one application call sent
 * (captured), all at once on a pool: no dependency waits, so the ratio errs
 * against the application. Rows are generated in
 * SQL (generate_series), not through the services: loading is not measured.
 * Args: --contracts N, --payments M, --samples K (default 200).
 */
import { type CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import type { DB } from '../src/db/schema.ts';
import type { Ctx } from '../src/lib/context.ts';
import { systemActor } from '../src/modules/auth/permissions.ts';
import { load } from '../src/modules/contracts/contracts.service.ts';
import { forCountry } from '../src/modules/contracts/follow-the-money.service.ts';
import { arg, benchDatabase, report } from './lib.ts';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
async function timed(k: number, f: (i: number) => Promise<unknown>) {
  const xs: number[] = [];
  for (let i = 0; i < k; i++) {
    const t = performance.now();
    await f(i);
    xs.push(performance.now() - t);
  }
  return { p50ms: Math.round(pct(xs, 0.5) * 100) / 100, p99ms: Math.round(pct(xs, 0.99) * 100) / 100 };
}

export default async function contractsBench(args: string[]) {
  const n = arg(args, 'contracts', 20_000);
  const m = arg(args, 'payments', 500_000);
  const k = arg(args, 'samples', 200);
  const projects = Math.max(10, Math.round(n / 10));
  const bench = await benchDatabase('contracts');
  const db = bench.database.db;
  const ctx: Ctx = { db, dbKind: 'postgres', config: loadConfig(), blobs: null as never, actor: systemActor('bench-contracts'), requestId: 'bench-contracts' };
  try {
    let t = performance.now();
    await sql`insert into programme (name, target_km2, currencies, languages, ocid_prefix, oc4ids_prefix) values ('{"en":"Bench"}', 10000, '{AZN}', '{en}', 'ocds-bench1', 'oc4ids-bench1')`.execute(
      db,
    );
    await sql`insert into organisation (name, identifier_scheme, identifier_id, country, roles, verification_status)
      select 'Supplier ' || g, 'XX-TEST', 'S' || g, 'KR', '{tenderer,supplier}', 'verified' from generate_series(1, 200) g`.execute(db);
    await sql`insert into project (code, oc4ids_id, title, sector, type, status, location, centroid, site, budget_amount, budget_currency, sort_date, search_vec)
      select 'P-' || g, 'oc4ids-bench1-P-' || g, '{"en":"Project"}', '{transport}', 'construction', case when g % 5 = 0 then 'completion' else 'implementation' end,
        st_setsrid(st_makepoint(46 + (g % 100) / 100.0, 39 + (g / 100) / 100.0), 4326), st_setsrid(st_makepoint(46 + (g % 100) / 100.0, 39 + (g / 100) / 100.0), 4326),
        st_multi(st_expand(st_setsrid(st_makepoint(46 + (g % 100) / 100.0, 39 + (g / 100) / 100.0), 4326), 0.002)), 1e6, 'AZN', current_date, ''::tsvector
      from generate_series(1, ${projects}) g`.execute(db);
    await sql`insert into project_output (project_id, metric, unit, planned, achieved) select id, 'homes', 'units', 100, 40 from project`.execute(db);
    await sql`insert into pledge (country, pledger, description, currency, status, pledged_amount, pledged_on, committed_amount, committed_on)
      select 'KR', 'Agency ' || g, '{"en":"Pledge"}', 'AZN', 'committed', 1e9, '2024-01-01', 1e9, '2024-02-01' from generate_series(1, 40) g`.execute(db);
    await sql`insert into project_funding (project_id, position, source_type, country, pledge_id, amount, currency)
      select p.id, 1, 'partner_country', 'KR', pl.id, 5e5, 'AZN'
      from (select id, row_number() over (order by code) r from project) p join (select id, row_number() over (order by id) r from pledge) pl on pl.r = 1 + (p.r % 40)`.execute(db);
    await sql`insert into tender (ocid, programme_id, title, method, status, enquiry_start, enquiry_end, tender_start, tender_end, opening_at)
      select 'ocds-bench1-' || g, (select id from programme), '{"en":"Works"}', 'open', 'complete', now() - interval '90 days', now() - interval '70 days', now() - interval '90 days', now() - interval '60 days', now() - interval '60 days'
      from generate_series(1, ${n}) g`.execute(db);
    await sql`insert into tender_project (tender_id, project_id) select t.id, p.id from (select id, row_number() over (order by ocid) r from tender) t join (select id, row_number() over (order by code) r from project) p on p.r = 1 + (t.r % ${projects})`.execute(
      db,
    );
    await sql`insert into bid (tender_id, organisation_id, status, lot_ids, envelope, envelope_sha256)
      select t.id, o.id, 'valid', '{}', '{}', repeat('0', 64) from (select id, row_number() over (order by ocid) r from tender) t join (select id, row_number() over (order by identifier_id) r from organisation) o on o.r = 1 + (t.r % 200)`.execute(
      db,
    );
    await sql`insert into award (tender_id, bid_id, supplier_org_id, value_amount, value_currency, reasons, status, standstill_ends_at)
      select tender_id, id, organisation_id, 1e7, 'AZN', 'lowest', 'active', now() - interval '40 days' from bid`.execute(db);
    await sql`insert into contract (tender_id, award_id, supplier_org_id, title, value_amount, value_currency, signed_at, period_start, period_end)
      select tender_id, id, supplier_org_id, '{"en":"Works"}', 1e7, 'AZN', now() - interval '30 days', current_date - 30, current_date + 700 from award`.execute(db);
    await sql`insert into contract_execution (contract_id, status) select id, 'in_progress' from contract`.execute(db);
    await sql`insert into contract_project (contract_id, project_id) select c.id, tp.project_id from contract c join tender_project tp on tp.tender_id = c.tender_id`.execute(db);
    await sql`insert into milestone (contract_id, position, title, due_date, share_pct, status, decided_at)
      select c.id, g, '{"en":"Milestone"}', current_date + g * 30, 20, case when g <= 3 then 'accepted' else 'scheduled' end, case when g <= 3 then now() end
      from contract c, generate_series(1, 5) g`.execute(db);
    const per = Math.max(1, Math.round(m / n));
    await sql`insert into payment (contract_id, kind, milestone_id, gross_amount, retention_amount, net_amount, currency, status, paid_on, funding_source, pledge_id)
      select c.id, 'milestone', (select id from milestone where contract_id = c.id and position = 1), 1000, 50, 950, 'AZN', 'paid', current_date - 10, 'partner_country',
        (select pledge_id from project_funding pf join contract_project cp on cp.project_id = pf.project_id where cp.contract_id = c.id limit 1)
      from contract c, generate_series(1, ${per}) g`.execute(db);
    // The running totals payments.pay keeps in the payment's transaction.
    await sql`insert into pledge_paid_total (pledge_id, paid_net, payments)
      select pledge_id, sum(net_amount), count(*) from payment where status = 'paid' and pledge_id is not null group by pledge_id`.execute(db);
    await sql`analyze`.execute(db);
    const loadMs = Math.round(performance.now() - t);
    const counts = (await sql<{ c: number; p: number }>`select (select count(*) from contract)::int as c, (select count(*) from payment)::int as p`.execute(db)).rows[0];

    const ids = (await sql<{ id: string }>`select id from contract order by random() limit ${k}`.execute(db)).rows.map((r) => r.id);
    const direct = new pg.Client({ connectionString: bench.url });
    await direct.connect();
    // The same SQL the page needs, straight: the contract row and each part, one query each.
    const pageSql = [
      `select c.*, t.ocid, e.* from contract c join tender t on t.id = c.tender_id join contract_execution e on e.contract_id = c.id join organisation o on o.id = c.supplier_org_id where c.id = $1`,
      `select * from contract_project cp join project p on p.id = cp.project_id where cp.contract_id = $1`,
      `select * from milestone where contract_id = $1 order by position`,
      `select * from progress_report where contract_id = $1`,
      `select * from payment where contract_id = $1 order by requested_at, id`,
      `select * from variation where contract_id = $1 order by seq`,
    ];
    await timed(20, (i) => load(db, ids[i % ids.length]));
    const page = await timed(k, (i) => load(db, ids[i]));
    const pageDirect = await timed(k, async (i) => {
      for (const q of pageSql) await direct.query(q, [ids[i]]);
    });
    const flowK = Math.max(5, Math.round(k / 4));
    const captured: CompiledQuery[] = [];
    const logPool = new pg.Pool({ connectionString: bench.url, max: 4 });
    const logging = new Kysely<DB>({ dialect: new PostgresDialect({ pool: logPool }), log: (e) => void (e.level === 'query' && captured.push(e.query)) });
    await forCountry({ ...ctx, db: logging }, 'KR');
    await logging.destroy();
    const directPool = new pg.Pool({ connectionString: bench.url, max: 4 });
    const replay = () => Promise.all(captured.map((q) => directPool.query(q.sql, q.parameters as unknown[])));
    await timed(5, () => forCountry(ctx, 'KR'));
    await timed(5, replay);
    const flow = await timed(flowK, () => forCountry(ctx, 'KR'));
    const flowDirect = await timed(flowK, replay);
    await directPool.end();
    await direct.end();
    report('contracts', {
      contracts: counts.c,
      payments: counts.p,
      projects,
      loadMs,
      contractPage: { app: page, direct: pageDirect, ratio: Math.round((pageDirect.p99ms / page.p99ms) * 100) / 100 },
      followTheMoney: { statements: captured.length, app: flow, direct: flowDirect, ratio: Math.round((flowDirect.p99ms / flow.p99ms) * 100) / 100 },
    });
  } finally {
    await bench.drop();
  }
}
