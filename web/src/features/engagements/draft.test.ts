import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { EngagementInput, EngagementPatch } from '../../../../src/modules/partners/schema.ts';
import type { Engagement } from '../../api/types.ts';
import { emptyDraft, fromEngagement, patchOf, toBody } from './draft.ts';

describe('engagement draft → API input', () => {
  it('drops blank boxes and wholly empty rows, splits topics, and gives a body the server schema accepts', () => {
    const d = emptyDraft('KR');
    d.title.az = '  Görüş ';
    d.topics = 'bərpa, enerji, bərpa,';
    d.sources[0].url = 'https://azertag.az/';
    d.sources[0].title = 'Azərtac';
    d.projects = ['3f0d3c1e-0000-4000-8000-000000000001'];
    const body = toBody(d);
    expect(body).toEqual({
      country: 'KR',
      kind: 'meeting',
      status: 'held',
      title: { az: 'Görüş' },
      startsOn: d.startsOn,
      topics: ['bərpa', 'enerji'],
      participants: [],
      sources: [{ title: 'Azərtac', url: 'https://azertag.az/' }],
      related: { projects: ['3f0d3c1e-0000-4000-8000-000000000001'] },
    });
    expect(Value.Check(EngagementInput, body)).toBe(true);
  });

  it('keeps a half-filled row, so the schema names its missing part; no title at all is refused', () => {
    const d = emptyDraft('KR');
    d.participants[0].title = 'Speaker';
    const body = toBody(d);
    expect(body.participants).toEqual([{ title: 'Speaker' }]);
    const paths = [...Value.Errors(EngagementInput, body)].map((e) => e.path);
    expect(paths).toContain('/participants/0/name');
    expect(paths).toContain('/title');
  });
});

const stored: Engagement = {
  id: '3f0d3c1e-0000-4000-8000-0000000000e1',
  country: 'KR',
  kind: 'visit',
  status: 'held',
  title: { az: 'Səfər', en: 'Visit' },
  summary: { en: 'Talks' },
  startsOn: '2026-05-01',
  endsOn: null,
  place: 'Shusha',
  placeCountry: 'AZ',
  topics: ['energy', 'roads'],
  participants: [{ name: 'Kim Min-jun', title: null, organisationName: null, organisationId: '3f0d3c1e-0000-4000-8000-0000000000a1', country: 'KR' }],
  sources: [{ title: 'Minutes', publisher: null, url: null, documentId: '3f0d3c1e-0000-4000-8000-0000000000d1', publishedOn: null, note: null }],
  related: { projects: [], tenders: ['3f0d3c1e-0000-4000-8000-0000000000b1'], organisations: [] },
  isDemo: false,
};

describe('engagement edit: stored engagement → form → only what changed', () => {
  it('an untouched form changes nothing', () => {
    const was = toBody(fromEngagement(stored));
    expect(patchOf(toBody(fromEngagement(stored)), was)).toEqual({});
  });

  it('sends the changed fields only; a changed list goes whole, keeping the links and documents it had', () => {
    const d = fromEngagement(stored);
    const was = toBody(d);
    d.title.en = 'State visit';
    d.participants.push({ name: 'Ali Aliyev', title: '', organisationName: '', country: 'AZ', organisationId: '' });
    d.projects = ['3f0d3c1e-0000-4000-8000-000000000001'];
    d.endsOn = '2026-05-02';
    const patch = patchOf(toBody(d), was);
    expect(patch).toEqual({
      title: { az: 'Səfər', en: 'State visit' },
      endsOn: '2026-05-02',
      participants: [
        { name: 'Kim Min-jun', organisationId: '3f0d3c1e-0000-4000-8000-0000000000a1', country: 'KR' },
        { name: 'Ali Aliyev', country: 'AZ' },
      ],
      related: { projects: ['3f0d3c1e-0000-4000-8000-000000000001'], tenders: ['3f0d3c1e-0000-4000-8000-0000000000b1'] },
    });
    expect(patch).not.toHaveProperty('sources');
    expect(Value.Check(EngagementPatch, patch)).toBe(true);
  });

  it('an emptied end date and topic list are cleared; an emptied place, which the API cannot empty, is refused in place', () => {
    const d = fromEngagement({ ...stored, endsOn: '2026-05-03' });
    const was = toBody(d);
    d.endsOn = '';
    d.topics = '';
    d.place = '';
    const patch = patchOf(toBody(d), was);
    expect(patch).toEqual({ endsOn: null, topics: [], place: '' });
    expect([...Value.Errors(EngagementPatch, patch)].map((e) => e.path)).toEqual(['/place']);
  });
});
