import type { Ctx } from '../../lib/context.ts';
import type { Lang } from '../../lib/languages.ts';
import { ANONYMOUS } from '../auth/permissions.ts';
import { countryView } from '../partners/country-view.service.ts';
import { listPledges } from '../partners/pledges.service.ts';
import { get as getProject } from '../projects/service.ts';
import { resolveTenderFilter } from '../tenders/filter.ts';
import { type AtomEntry, renderAtom, tagUri } from './atom.ts';
import * as repo from './repo.ts';
import type { TenderFeedQueryT } from './schema.ts';
import { moneyIn, pickText, WORDS } from './texts.ts';

/**
 * Atom feeds of the public record. Every read is the anonymous one: a feed
 * is the same for a signed-in caller as for anyone (and is cached as such),
 * so an operator's drafts never leak into a feed reader that was handed the
 * address by someone signed in.
 */
const anonymous = (ctx: Ctx): Ctx => ({ ...ctx, actor: ANONYMOUS });
const LIMIT = 100;

function urls(ctx: Ctx) {
  const base = ctx.config.publicUrl.replace(/\/+$/, '');
  return { base, page: (p: string) => `${base}${p}`, id: (s: string) => tagUri(base, s) };
}

/** The query string a feed's own address keeps (lang and the filters, in a fixed order). */
function selfQuery(params: Record<string, string | undefined>) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

const dateOnly = (d: Date) => d.toISOString().slice(0, 10);

/** Errors: validation_failed (an unknown sector, district or country, each naming its field). */
export async function tendersFeed(ctx: Ctx, q: TenderFeedQueryT): Promise<string> {
  const lang: Lang = q.lang ?? 'en';
  const w = WORDS[lang];
  const match = await resolveTenderFilter(ctx.db, q, '/querystring');
  const rows = await repo.tenders(ctx.db, { ...match, limit: LIMIT });
  const u = urls(ctx);
  const filters = { sector: q.sector, district: q.district, eligibility: q.eligibility };
  const entries: AtomEntry[] = rows.map((t) => {
    const title = pickText(t.title, lang);
    const desc = pickText(t.description, lang);
    const status = w.tenderStatus[t.status] ?? t.status;
    return {
      id: u.id(`tender:${t.id}`),
      title,
      updated: new Date(t.published_at ?? t.updated_at),
      link: u.page(`/tenders/${t.id}`),
      summary: {
        text: [`${t.ocid} · ${status} · ${w.deadline(dateOnly(new Date(t.tender_end)))}`, desc.text].filter(Boolean).join('\n\n'),
        lang: desc.text && desc.lang !== lang ? desc.lang : lang,
      },
      categories: [t.status],
    };
  });
  return renderAtom({
    id: u.id(`feed:tenders${selfQuery(filters)}`),
    title: { text: w.tenders, lang },
    self: u.page(`/api/v1/feeds/tenders.atom${selfQuery({ ...filters, lang: q.lang })}`),
    alternate: u.page(`/tenders${selfQuery(filters)}`),
    author: 'Berpa',
    lang,
    entries,
  });
}

/** A project's status changes, its tenders published and awarded, its contracts' accepted milestones and completions. Errors: not_found (no such project). */
export async function projectFeed(ctx: Ctx, id: string, lang: Lang = 'en'): Promise<string> {
  const w = WORDS[lang];
  const project = await getProject(anonymous(ctx), id);
  const [changes, tenders, awards, milestones, completions] = await Promise.all([
    repo.statusHistory(ctx.db, id),
    repo.tenders(ctx.db, { projectId: id, limit: LIMIT }),
    repo.projectAwards(ctx.db, id),
    repo.projectMilestones(ctx.db, id),
    repo.projectContractCompletions(ctx.db, id),
  ]);
  const u = urls(ctx);
  const label = (s: string) => w.status[s] ?? s;
  const entries: AtomEntry[] = [
    ...changes.map((c) => ({
      id: u.id(`project:${id}:status:${c.id}`),
      title: { text: w.statusChanged(label(c.from_status), label(c.to_status)), lang },
      updated: new Date(c.changed_at),
      link: u.page(`/projects/${id}`),
      categories: ['status'],
    })),
    ...tenders.map((t) => {
      const title = pickText(t.title, lang);
      return {
        id: u.id(`project:${id}:tender:${t.id}:published`),
        title: { text: w.published(title.text), lang: title.lang },
        updated: new Date(t.published_at ?? t.updated_at),
        link: u.page(`/tenders/${t.id}`),
        categories: ['tender'],
      };
    }),
    ...awards.map((a) => {
      const title = pickText(a.title, lang);
      return {
        id: u.id(`project:${id}:award:${a.id}`),
        title: { text: w.awarded(title.text), lang: title.lang },
        updated: new Date(a.decided_at),
        link: u.page(`/tenders/${a.tender_id}`),
        categories: ['award'],
      };
    }),
    ...milestones.map((m) => {
      const title = pickText(m.title, lang);
      const contract = pickText(m.contract_title, lang);
      return {
        id: u.id(`project:${id}:milestone:${m.id}:accepted`),
        // The entry's language is the milestone title's; a contract title in another language stays as data.
        title: { text: w.milestoneAccepted(title.text, contract.text), lang: title.lang },
        updated: new Date(m.decided_at),
        link: u.page(`/contracts/${m.contract_id}`),
        categories: ['milestone'],
      };
    }),
    ...completions.map((c) => {
      const contract = pickText(c.contract_title, lang);
      return {
        id: u.id(`project:${id}:contract:${c.contract_id}:completed:${c.id}`),
        title: { text: w.contractCompleted(contract.text), lang: contract.lang },
        updated: new Date(c.completed_at),
        link: u.page(`/contracts/${c.contract_id}`),
        categories: ['contract'],
      };
    }),
  ].sort((a, b) => b.updated.getTime() - a.updated.getTime() || a.id.localeCompare(b.id));
  const name = pickText(project.title, lang);
  return renderAtom({
    id: u.id(`feed:project:${id}`),
    title: { text: w.project(name.text || project.code), lang: name.lang },
    self: u.page(`/api/v1/feeds/projects/${id}.atom${selfQuery({ lang })}`),
    alternate: u.page(`/projects/${id}`),
    author: 'Berpa',
    lang,
    entries: entries.slice(0, LIMIT),
  });
}

/** A country's engagements, from the public country view, and its pledges (the public list). Errors: not_found (not an ISO 3166-1 code). */
export async function countryFeed(ctx: Ctx, code: string, lang: Lang = 'en'): Promise<string> {
  const w = WORDS[lang];
  const view = await countryView(anonymous(ctx), code);
  const pledges = await listPledges(anonymous(ctx), { country: view.country, limit: LIMIT });
  const u = urls(ctx);
  const pledgeEntries: AtomEntry[] = pledges.items.map((p) => {
    const description = pickText(p.description, lang);
    const stage = w.pledgeStatus[p.status] ?? p.status;
    return {
      id: u.id(`country:${view.country}:pledge:${p.id}`),
      title: { text: w.pledge(p.pledger, moneyIn(lang, p.pledged.amount, p.currency)), lang },
      // A pledge is dated by the day it was made (the country page lists them so).
      updated: new Date(`${p.pledged.on}T00:00:00Z`),
      link: u.page(`/countries/${view.country}`),
      summary: { text: [`${stage} · ${p.pledged.on}`, description.text].filter(Boolean).join('\n\n'), lang: description.text ? description.lang : lang },
      categories: ['pledge'],
    };
  });
  const engagementEntries: AtomEntry[] = view.engagements.slice(0, LIMIT).map((e) => {
    const summary = pickText(e.summary, lang);
    const kind = w.engagementKind[e.kind] ?? e.kind;
    const when = e.endsOn && e.endsOn !== e.startsOn ? `${e.startsOn} – ${e.endsOn}` : e.startsOn;
    return {
      id: u.id(`country:${view.country}:engagement:${e.id}`),
      title: pickText(e.title, lang),
      // An engagement is dated by the day it began (the country page's timeline order).
      updated: new Date(`${e.startsOn}T00:00:00Z`),
      link: u.page(`/countries/${view.country}`),
      summary: { text: [`${kind} · ${when}${e.place ? ` · ${e.place}` : ''}`, summary.text].filter(Boolean).join('\n\n'), lang: summary.text ? summary.lang : lang },
      categories: [e.kind],
    };
  });
  const entries = [...engagementEntries, ...pledgeEntries].sort((a, b) => b.updated.getTime() - a.updated.getTime() || a.id.localeCompare(b.id)).slice(0, LIMIT);
  const name = (view.names as Record<string, string>)[lang] ?? view.country;
  return renderAtom({
    id: u.id(`feed:country:${view.country}`),
    title: { text: w.country(name), lang },
    self: u.page(`/api/v1/feeds/countries/${view.country}.atom${selfQuery({ lang })}`),
    alternate: u.page(`/countries/${view.country}`),
    author: 'Berpa',
    lang,
    entries,
  });
}
