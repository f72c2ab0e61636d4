import type { Tx } from '../../db/index.ts';
import { LANGS, type Lang } from '../../lib/languages.ts';
import { districtByCodeOrId } from '../tenders/filter.repo.ts';
import * as repo from './repo.ts';
import * as subs from './subscriptions.repo.ts';
import { MAIL, moneyIn, pickText, WORDS } from './texts.ts';

/**
 * The call sites by which other modules tell the subscriptions that
 * something happened: each runs inside the transaction of the change
 * (tenders.publish and award, projects.changeStatus, partners.createEngagement
 * and createPledge), so the mail is queued if and only if the change commits —
 * no event is lost after a commit and none is mailed for a change that rolled
 * back. Called
 * from the services rather than from the audit layer: the audit event holds
 * a before/after diff, while a mail needs the public view of the record
 * (title, filters), which the service has at hand.
 */
type Ctx = { config: { publicUrl: string } };
type Sub = { id: string; email: string; language: string; unsubscribe_token: string };

const base = (ctx: Ctx) => ctx.config.publicUrl.replace(/\/+$/, '');
export const unsubscribeUrl = (ctx: Ctx, token: string) => `${base(ctx)}/api/v1/subscriptions/unsubscribe?token=${encodeURIComponent(token)}`;
const langOf = (s: Sub): Lang => ((LANGS as readonly string[]).includes(s.language) ? (s.language as Lang) : 'en');

function mail(ctx: Ctx, s: Sub, subject: string, lines: string[], link: string) {
  const m = MAIL[langOf(s)];
  const unsub = unsubscribeUrl(ctx, s.unsubscribe_token);
  return {
    subscription_id: s.id,
    to_address: s.email,
    subject,
    body_text: [...lines, '', `${m.open}: ${link}`, '', '--', m.why, `${m.unsubscribe}: ${unsub}`, ''].join('\n'),
    unsubscribe_url: unsub,
  };
}

/** A tender was published: its matching tender subscriptions, and those of its projects. */
export async function tenderPublished(trx: Tx, ctx: Ctx, tenderId: string) {
  const [all, projectIds] = await Promise.all([subs.ofKind(trx, 'tenders'), repo.tenderProjects(trx, tenderId)]);
  const byProject = await subs.ofKind(trx, 'project', { key: 'projectId', values: projectIds });
  const [tender] = await repo.tenders(trx, { tenderId, limit: 1 });
  if (!tender) return;
  const matched: Sub[] = [...byProject];
  // One check per distinct filter, not per subscriber.
  const verdicts = new Map<string, boolean>();
  for (const s of all) {
    const key = JSON.stringify(s.filter);
    if (!verdicts.has(key)) {
      const f = s.filter;
      const district = f.district ? await districtByCodeOrId(trx, f.district) : undefined;
      const ok =
        (!f.district || !!district) && (await repo.tenders(trx, { tenderId, sector: f.sector, districtId: district?.id, eligibility: f.eligibility, limit: 1 })).length > 0;
      verdicts.set(key, ok);
    }
    if (verdicts.get(key) && !matched.some((m) => m.email === s.email)) matched.push(s);
  }
  await mailEach(trx, ctx, matched, `${base(ctx)}/tenders/${tenderId}`, (lang) => {
    const title = pickText(tender.title, lang).text || tender.ocid;
    return { subject: `${MAIL[lang].newTender}: ${title}`, lines: [title, tender.ocid, WORDS[lang].deadline(new Date(tender.tender_end).toISOString().slice(0, 10))] };
  });
}

/** Queue one mail per subscription, in its reader's language; `say` gives that language's subject and lines. */
async function mailEach(trx: Tx, ctx: Ctx, list: Sub[], link: string, say: (lang: Lang) => { subject: string; lines: string[] }) {
  await subs.enqueue(
    trx,
    list.map((s) => {
      const m = say(langOf(s));
      return mail(ctx, s, m.subject, m.lines, link);
    }),
  );
}

/** A project moved from one status to another: its subscribers. */
export async function projectStatusChanged(trx: Tx, ctx: Ctx, p: { id: string; title: Record<string, string | undefined>; code: string }, from: string, to: string) {
  const list = await subs.ofKind(trx, 'project', { key: 'projectId', values: [p.id] });
  await mailEach(trx, ctx, list, `${base(ctx)}/projects/${p.id}`, (lang) => {
    const w = WORDS[lang];
    const title = pickText(p.title, lang).text || p.code;
    return { subject: `${MAIL[lang].project}: ${title}`, lines: [title, w.statusChanged(w.status[from] ?? from, w.status[to] ?? to)] };
  });
}

/** An engagement was recorded for a country: its subscribers. */
export async function engagementRecorded(trx: Tx, ctx: Ctx, e: { country: string; kind: string; title: Record<string, string | undefined>; startsOn: string }) {
  const list = await subs.ofKind(trx, 'country', { key: 'country', values: [e.country] });
  await mailEach(trx, ctx, list, `${base(ctx)}/countries/${e.country}`, (lang) => {
    const title = pickText(e.title, lang).text;
    return { subject: `${MAIL[lang].country}: ${title}`, lines: [title, `${WORDS[lang].engagementKind[e.kind] ?? e.kind} · ${e.startsOn}`] };
  });
}

/**
 * A tender was awarded (the standstill starts): the subscribers of its
 * projects, as the project feed shows it. The award is public from this
 * moment (its OCDS award stage is published in the same transaction).
 */
export async function tenderAwarded(trx: Tx, ctx: Ctx, awardId: string) {
  const a = await repo.awardFacts(trx, awardId);
  if (!a) return;
  const list = await subs.ofKind(trx, 'project', { key: 'projectId', values: await repo.tenderProjects(trx, a.tender_id) });
  // A reader subscribed to two of the tender's projects hears of the award once.
  const once = list.filter((s, i) => list.findIndex((x) => x.email === s.email) === i);
  await mailEach(trx, ctx, once, `${base(ctx)}/tenders/${a.tender_id}`, (lang) => {
    const w = WORDS[lang];
    const title = pickText(a.title, lang).text || a.ocid;
    // The supplier's name in the reader's language where it has one, else its registered name.
    const supplier = (a.name_i18n as Record<string, string | undefined> | null)?.[lang] || a.name;
    return {
      subject: `${MAIL[lang].project}: ${w.awarded(title)}`,
      lines: [w.awarded(title), w.winner(supplier, moneyIn(lang, Number(a.value_amount), a.value_currency)), a.ocid],
    };
  });
}

/** A pledge was recorded for a country: its subscribers, as the country feed shows it. */
export async function pledgeRecorded(
  trx: Tx,
  ctx: Ctx,
  p: { country: string; pledger: string; amount: number; currency: string; on: string; description: Record<string, string | undefined> },
) {
  const list = await subs.ofKind(trx, 'country', { key: 'country', values: [p.country] });
  await mailEach(trx, ctx, list, `${base(ctx)}/countries/${p.country}`, (lang) => {
    const description = pickText(p.description, lang).text;
    return {
      subject: `${MAIL[lang].pledge}: ${p.pledger}`,
      lines: [WORDS[lang].pledge(p.pledger, moneyIn(lang, p.amount, p.currency)), `${WORDS[lang].pledgeStatus.pledged} · ${p.on}`, ...(description ? ['', description] : [])],
    };
  });
}
