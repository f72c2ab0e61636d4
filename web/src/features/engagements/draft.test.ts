import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { EngagementInput } from '../../../../src/modules/partners/schema.ts';
import { emptyDraft, toBody } from './draft.ts';

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
