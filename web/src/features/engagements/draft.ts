import type { EngagementInputT } from '../../../../src/modules/partners/schema.ts';
import { compact } from '../../app/form.tsx';
import { LANGS, type Lang } from '../../i18n/index.ts';

/** The engagement form's state: every box a string (blank while empty), lists as rows; toBody makes the API's input. */
export interface ParticipantRow {
  name: string;
  title: string;
  organisationName: string;
  country: string;
}
export interface SourceRow {
  title: string;
  publisher: string;
  url: string;
  publishedOn: string;
  note: string;
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
}

const blank = () => Object.fromEntries(LANGS.map((l) => [l, ''])) as Record<Lang, string>;
export const emptyParticipant = (): ParticipantRow => ({ name: '', title: '', organisationName: '', country: '' });
export const emptySource = (): SourceRow => ({ title: '', publisher: '', url: '', publishedOn: '', note: '' });

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
  };
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
    ...(d.projects.length ? { related: { projects: d.projects } } : {}),
  }) as EngagementInputT;
}
