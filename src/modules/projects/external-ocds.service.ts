import type { Executor, Tx } from '../../db/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { inTransaction } from '../../lib/dry-run.ts';
import { AppError } from '../../lib/errors.ts';
import { loadSchemaValidator } from '../../lib/standards.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCan } from '../auth/permissions.ts';
import { compileReleases, type Json } from '../ocds/merge.ts';
import * as programmeRepo from '../programme/repo.ts';
import { ProjectErrors } from './errors.ts';
import * as repo from './external-ocds.repo.ts';
import { badFile, readJsonDocument } from './import-file.ts';
import { ProjectPerms } from './permissions.ts';
import { tenderOcids } from './repo.ts';

/**
 * Following contracting processes published elsewhere (the national
 * e-procurement system, a donor's portal): an OCDS release or record package
 * is checked against the official package schema, its releases grouped by
 * ocid, added to what was imported before and compiled with the OCDS merge
 * rules (the OCDS module's compileReleases). Each process is linked to one
 * project and stays read-only here: only a newer package changes it.
 */
type Obj = Record<string, Json>;
const SCHEMAS = { releasePackage: 'ocds/schema/release-package-schema.json', recordPackage: 'ocds/schema/record-package-schema.json' } as const;

export interface OcdsImportOptions {
  /** Project id or code every process of the package is linked to. */
  project?: string;
  dryRun?: boolean;
}

export interface ProcessPlan {
  ocid: string;
  action: 'create' | 'update' | 'unchanged' | 'refuse';
  projectId: string | null;
  projectCode: string | null;
  newReleases: number;
  knownReleases: number;
  title: string | null;
}

export interface OcdsImportReport {
  dryRun: boolean;
  wouldImport?: boolean;
  kind: 'releasePackage' | 'recordPackage';
  processes: ProcessPlan[];
  errors: { pointer: string; message: string }[];
}

interface Incoming {
  release: Obj;
  pointer: string;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : isObj(v)
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
          .join(',')}}`
      : JSON.stringify(v);

/** The releases of a package, each with the pointer an error about it names. */
function releasesIn(doc: Obj, kind: OcdsImportReport['kind'], errors: OcdsImportReport['errors']): Incoming[] {
  if (kind === 'releasePackage') return (doc.releases as Obj[]).map((release, i) => ({ release, pointer: `/releases/${i}` }));
  const out: Incoming[] = [];
  (doc.records as Obj[]).forEach((rec, i) => {
    const embedded = ((rec.releases as Obj[] | undefined) ?? []).map((r, j) => ({ r, j })).filter(({ r }) => typeof r.ocid === 'string' && r.id !== undefined);
    if (embedded.length) embedded.forEach(({ r, j }) => out.push({ release: r, pointer: `/records/${i}/releases/${j}` }));
    else if (isObj(rec.compiledRelease)) out.push({ release: rec.compiledRelease, pointer: `/records/${i}/compiledRelease` });
    else
      errors.push({ pointer: `/records/${i}/releases`, message: 'linked releases cannot be fetched from here: embed the releases in the record, or include its compiledRelease' });
    if (typeof rec.ocid === 'string')
      for (const x of out.filter((o) => o.pointer.startsWith(`/records/${i}/`)))
        if (x.release.ocid !== rec.ocid) errors.push({ pointer: `${x.pointer}/ocid`, message: `must be the record's ocid ${rec.ocid}` });
  });
  return out;
}

/** Parse and check a package; every problem is named by its JSON pointer. */
export function readPackage(bytes: Uint8Array): { kind: OcdsImportReport['kind']; doc: Obj; releases: Incoming[]; errors: OcdsImportReport['errors'] } {
  const doc = readJsonDocument(bytes) as Obj;
  const kind = 'releases' in doc ? 'releasePackage' : 'records' in doc ? 'recordPackage' : null;
  if (!kind) throw badFile('neither an OCDS release package (a "releases" list) nor a record package (a "records" list)', '/');
  const errors = loadSchemaValidator(SCHEMAS[kind])
    .validate(doc)
    .errors.map((e) => ({ pointer: e.path, message: e.message }));
  if (errors.length) return { kind, doc, releases: [], errors };
  const releases = releasesIn(doc, kind, errors);
  return { kind, doc, releases, errors };
}

function rejected(errors: OcdsImportReport['errors']) {
  const shown = errors.slice(0, 1000);
  return new AppError(
    ProjectErrors.ocdsRejected,
    `${errors.length} problem(s) in the package; nothing was imported: ${shown
      .slice(0, 3)
      .map((e) => `${e.pointer}: ${e.message}`)
      .join('; ')}`,
    {
      errors: shown.map((e) => ({ field: e.pointer, message: e.message })),
    },
  );
}

const projectIdOf = (r: Obj) => {
  const budget = (r.planning as Obj | undefined)?.budget as Obj | undefined;
  return typeof budget?.projectID === 'string' ? budget.projectID : typeof budget?.projectID === 'number' ? String(budget.projectID) : undefined;
};

/**
 * Import an OCDS release or record package. All or nothing; `dryRun` reports
 * per process what would be created, updated or refused and writes nothing.
 * Errors: forbidden, project_bad_file (not JSON, not a package),
 * project_ocds_rejected (schema errors, unlinkable processes, a release id
 * seen before with other content, one of this platform's own OCIDs).
 */
export async function importOcds(ctx: Ctx, bytes: Uint8Array, opts: OcdsImportOptions = {}): Promise<OcdsImportReport> {
  assertCan(ctx.actor, ProjectPerms.import);
  const pkg = readPackage(bytes);
  if (pkg.errors.length && !pkg.releases.length) throw rejected(pkg.errors);
  const errors = [...pkg.errors];
  const byOcid = new Map<string, Incoming[]>();
  for (const x of pkg.releases) byOcid.set(String(x.release.ocid), [...(byOcid.get(String(x.release.ocid)) ?? []), x]);
  const ocids = [...byOcid.keys()];
  const publisher = isObj(pkg.doc.publisher) ? pkg.doc.publisher : {};

  const report = await inTransaction(ctx.db, !!opts.dryRun, async (trx) => {
    await repo.lockOcids(trx, ocids);
    const plans = await plan(trx, byOcid, opts, errors);
    if (errors.length && !opts.dryRun) throw rejected(errors);
    if (!errors.length) for (const p of plans) await writeProcess(trx, ctx, p, publisher);
    return plans.map((p) => p.plan);
  });
  return { dryRun: !!opts.dryRun, ...(opts.dryRun ? { wouldImport: errors.length === 0 } : {}), kind: pkg.kind, processes: report, errors };
}

interface Planned {
  plan: ProcessPlan;
  fresh: Incoming[];
  compiled?: Obj;
  all: Obj[];
}

async function plan(trx: Executor, byOcid: Map<string, Incoming[]>, opts: OcdsImportOptions, errors: OcdsImportReport['errors']): Promise<Planned[]> {
  const ocids = [...byOcid.keys()];
  const [programme, own, links, stored] = await Promise.all([programmeRepo.current(trx), tenderOcids(trx), repo.processesByOcid(trx, ocids), repo.releasesOf(trx, ocids)]);
  const wanted = [
    ...new Set([
      ...(opts.project ? [opts.project] : []),
      ...[...byOcid.values()]
        .flat()
        .map((x) => projectIdOf(x.release))
        .filter((x): x is string => !!x),
    ]),
  ];
  const projects = await repo.projectsByKeys(trx, wanted);
  const listing = await repo.projectsListing(trx, ocids);
  const find = (key: string) => projects.find((p) => p.id === key || p.code === key || p.oc4ids_id === key);
  const explicit = opts.project ? find(opts.project) : undefined;
  if (opts.project && !explicit) errors.push({ pointer: 'project', message: `no project with id or code "${opts.project}"` });
  const out: Planned[] = [];
  for (const [ocid, incoming] of byOcid) {
    const first = incoming[0].pointer;
    const refuse = (pointer: string, message: string) => errors.push({ pointer, message });
    const before = errors.length;
    if (own.has(ocid) || (programme?.ocid_prefix && ocid.startsWith(`${programme.ocid_prefix}-`)))
      refuse(`${first}/ocid`, `${ocid} is one of this platform's own contracting processes; it is published here, not imported`);
    const known = new Map(stored.filter((s) => s.ocid === ocid).map((s) => [s.release_id, s.release as Obj]));
    const fresh: Incoming[] = [];
    const seen = new Map<string, Incoming>();
    for (const x of incoming) {
      const id = String(x.release.id);
      const prev = known.get(id) ?? seen.get(id)?.release;
      if (prev && canonical(prev) !== canonical(x.release))
        refuse(
          `${x.pointer}/id`,
          `release ${id} of ${ocid} was ${known.has(id) ? 'imported before' : 'given earlier in this package'} with other content; a changed release needs a new id`,
        );
      else if (!prev) {
        fresh.push(x);
        seen.set(id, x);
      }
    }
    const named = incoming.map((x) => projectIdOf(x.release)).find((x) => x);
    const link = links.find((l) => l.ocid === ocid);
    const lister = listing.find((p) => p.related_ocids.includes(ocid));
    const project =
      explicit ?? (named ? find(named) : undefined) ?? (lister ? { id: lister.id, code: lister.code } : undefined) ?? (link ? { id: link.project_id, code: null } : undefined);
    if (!project && !opts.project) {
      refuse(
        named ? `${incoming.find((x) => projectIdOf(x.release))!.pointer}/planning/budget/projectID` : `${first}/planning/budget/projectID`,
        named
          ? `no project with OC4IDS id or code "${named}"`
          : "says nothing that links it to a project: pass project=ID, or set planning.budget.projectID to the project's OC4IDS id",
      );
    }
    const all = [...known.values(), ...fresh.map((x) => x.release)];
    const compiled = all.length ? (compileReleases(all) as Obj) : undefined;
    const tender = compiled?.tender as Obj | undefined;
    out.push({
      plan: {
        ocid,
        action: errors.length > before ? 'refuse' : !link ? 'create' : fresh.length || (project && link.project_id !== project.id) ? 'update' : 'unchanged',
        projectId: project?.id ?? null,
        projectCode: project?.code ?? null,
        newReleases: fresh.length,
        knownReleases: known.size,
        title: typeof tender?.title === 'string' ? tender.title : null,
      },
      fresh,
      compiled,
      all,
    });
  }
  return out;
}

async function writeProcess(trx: Tx, ctx: Ctx, p: Planned, publisher: Obj) {
  if (p.plan.action === 'unchanged' || !p.compiled || !p.plan.projectId) return;
  const dates = p.all
    .map((r) => (typeof r.date === 'string' ? r.date : ''))
    .filter(Boolean)
    .sort();
  await repo.upsertProcess(trx, {
    ocid: p.plan.ocid,
    project_id: p.plan.projectId,
    publisher,
    compiled: p.compiled,
    release_count: p.all.length,
    last_date: dates[dates.length - 1] ?? null,
  });
  await repo.insertReleases(
    trx,
    p.fresh.map((x) => ({ ocid: p.plan.ocid, release_id: String(x.release.id), date: typeof x.release.date === 'string' ? x.release.date : null, release: x.release })),
  );
  await recordAudit(trx, ctx, {
    action: p.plan.action === 'create' ? 'project.ocds.link' : 'project.ocds.update',
    entityType: 'project',
    entityId: p.plan.projectId,
    after: { ocid: p.plan.ocid, releases: p.fresh.map((x) => String(x.release.id)), publisher: typeof publisher.name === 'string' ? publisher.name : null },
  });
}
