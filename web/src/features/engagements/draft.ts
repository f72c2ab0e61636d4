import type { EngagementInputT, EngagementPatchT } from '../../../../src/modules/partners/schema.ts';
import type { Engagement } from '../../api/types.ts';
import { compact } from '../../app/form.tsx';
import { LANGS, type Lang } from '../../i18n/index.ts';

/** The engagement form's state: every box a string (blank while empty), lists as rows; toBody makes the API's input. */
export interface ParticipantRow {
  name: string;
  title: string;
  organisationName: string;
  country: string;
  /** Not shown: kept so that an edit sends back the link the row already had. */
  organisationId: string;
}
export interface SourceRow {
  title: string;
  publisher: string;
  url: string;
  publishedOn: string;
  note: string;
  /** Not shown: kept so that an edit sends back a source that is a stored document. */
  documentId: string;
}
export interface EngagementDraft {
  country: string;
  kind: EngagementInputT['kind'];
  status: EngagementInputT['status'];
  title: Record<Lang, string>;
  summary: Record<Lang, string>;
  startsOn: string;
  endsOn: string;
  place: string;
  placeCountry: string;
  /** Comma-separated, as typed. */
  topics: string;
  participants: ParticipantRow[];
  sources: SourceRow[];
  projects: string[];
  /** Not shown: the related tenders and organisations an edit keeps (a given `related` replaces all three lists). */
  tenders: string[];
  organisations: string[];
}

const blank = () => Object.fromEntries(LANGS.map((l) => [l, ''])) as Record<Lang, string>;
export const emptyParticipant = (): ParticipantRow => ({ name: '', title: '', organisationName: '', country: '', organisationId: '' });
export const emptySource = (): SourceRow => ({ title: '', publisher: '', url: '', publishedOn: '', note: '', documentId: '' });

export function emptyDraft(country = ''): EngagementDraft {
  return {
    country,
    kind: 'meeting',
    status: 'held',
    title: blank(),
    summary: blank(),
    startsOn: new Date().toISOString().slice(0, 10),
    endsOn: '',
    place: '',
    placeCountry: '',
    topics: '',
    participants: [emptyParticipant()],
    sources: [emptySource()],
    projects: [],
    tenders: [],
    organisations: [],
  };
}

/** The form as it starts on /engagements/:id/edit: the stored engagement, every absent value a blank box. */
export function fromEngagement(e: Engagement): EngagementDraft {
  const text = (v: Partial<Record<Lang, string>>) => Object.fromEntries(LANGS.map((l) => [l, v[l] ?? ''])) as Record<Lang, string>;
  return {
    country: e.country,
    kind: e.kind as EngagementDraft['kind'],
    status: e.status as EngagementDraft['status'],
    title: text(e.title),
    summary: text(e.summary),
    startsOn: e.startsOn,
    endsOn: e.endsOn ?? '',
    place: e.place ?? '',
    placeCountry: e.placeCountry ?? '',
    topics: e.topics.join(', '),
    participants: e.participants.map((p) => ({
      name: p.name,
      title: p.title ?? '',
      organisationName: p.organisationName ?? '',
      country: p.country ?? '',
      organisationId: p.organisationId ?? '',
    })),
    sources: e.sources.map((s) => ({
      title: s.title,
      publisher: s.publisher ?? '',
      url: s.url ?? '',
      publishedOn: s.publishedOn ?? '',
      note: s.note ?? '',
      documentId: s.documentId ?? '',
    })),
    projects: e.related.projects,
    tenders: e.related.tenders,
    organisations: e.related.organisations,
  };
}

/**
 * PATCH is partial: only the fields whose value differs from the stored one
 * (`was`, through the same toBody) are sent; a list, when sent, is sent whole
 * (the server replaces it). A field emptied that the API cannot empty (place,
 * summary) is sent empty, so the schema refuses it in place rather than the
 * edit silently keeping the old value. The country is not changed by PATCH.
 */
export function patchOf(now: EngagementInputT, was: EngagementInputT): Omit<EngagementPatchT, 'reason'> {
  const cleared: Partial<Record<keyof EngagementInputT, unknown>> = { endsOn: null, topics: [], participants: [], sources: [], related: { projects: [] }, summary: {} };
  const out: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(now), ...Object.keys(was)] as (keyof EngagementInputT)[]);
  keys.delete('country');
  for (const k of keys) {
    if (JSON.stringify(now[k]) === JSON.stringify(was[k])) continue;
    out[k] = now[k] ?? (k in cleared ? cleared[k] : '');
  }
  return out as Omit<EngagementPatchT, 'reason'>;
}

/**
 * The API's input: blanks dropped (a row left wholly empty is dropped too, so
 * the one row the form starts with is no obligation), text left in a row that
 * misses its required part stays, so the schema names that part.
 */
export function toBody(d: EngagementDraft): EngagementInputT {
  const rows = <T extends object>(xs: T[]) => xs.map((x) => compact(x)).filter((x) => Object.keys(x).length > 0);
  const summary = compact(d.summary);
  const topics = [
    ...new Set(
      d.topics
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  return compact({
    country: d.country,
    kind: d.kind,
    status: d.status,
    title: compact(d.title),
    ...(Object.keys(summary).length ? { summary } : {}),
    startsOn: d.startsOn,
    endsOn: d.endsOn,
    place: d.place,
    placeCountry: d.placeCountry,
    ...(topics.length ? { topics } : {}),
    participants: rows(d.participants),
    sources: rows(d.sources),
    ...(d.projects.length || d.tenders.length || d.organisations.length ? { related: related(d) } : {}),
  }) as EngagementInputT;
}

function related(d: EngagementDraft): NonNullable<EngagementInputT['related']> {
  return compact({
    ...(d.projects.length ? { projects: d.projects } : {}),
    ...(d.tenders.length ? { tenders: d.tenders } : {}),
    ...(d.organisations.length ? { organisations: d.organisations } : {}),
  });
}
