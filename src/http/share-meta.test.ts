import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../test/helpers/app.ts';
import { ensureProgramme, makeUser, type TestUser } from '../../test/helpers/factories.ts';
import { projectInput } from '../modules/projects/test-helpers.ts';
import { metaFor, shareLanguage, withMeta } from './share-meta.ts';

let env: TestEnv;
let op: TestUser;
beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  op = await makeUser(env.deps, { roles: ['operator'] });
});
afterAll(() => env?.close());

const INDEX = '<!doctype html>\n<html lang="en">\n  <head>\n    <meta name="description" content="x" />\n    <title>Berpa</title>\n  </head>\n  <body></body>\n</html>';

describe('share metadata in the HTML of public pages', () => {
  it('a project page carries its title and description in the asked language', async () => {
    const input = projectInput({
      title: { en: 'Bridge over the Hakari <river>', az: 'Həkəri çayı üzərində körpü', ko: '하카리 강 다리' },
      description: { en: 'A 120 m bridge "for" the main road.', az: 'Əsas yol üçün 120 m körpü.' },
    });
    const r = await env.app.inject({ method: 'POST', url: '/api/v1/projects', payload: input, headers: { authorization: op.auth } });
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().id;
    const az = await metaFor(env.app, `/projects/${id}`, 'az');
    expect(az).toEqual({ lang: 'az', title: 'Həkəri çayı üzərində körpü · Berpa', description: 'Əsas yol üçün 120 m körpü.', canonical: `/projects/${id}?lang=az` });
    // no Korean description: the English one, never an empty preview
    expect((await metaFor(env.app, `/projects/${id}`, 'ko')).description).toBe('A 120 m bridge "for" the main road.');
    const html = withMeta(INDEX, await metaFor(env.app, `/projects/${id}`, 'en'), 'https://berpa.example');
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('<title>Bridge over the Hakari &lt;river&gt; · Berpa</title>');
    expect(html).toContain('<meta property="og:description" content="A 120 m bridge &quot;for&quot; the main road." />');
    expect(html).toContain(`<link rel="canonical" href="https://berpa.example/projects/${id}?lang=en" />`);
    expect(html.match(/name="description"/g)).toHaveLength(1);
  });

  it('an unknown record or a non-public address gets the site description, not an error', async () => {
    const m = await metaFor(env.app, '/projects/00000000-0000-4000-8000-000000000000', 'ru');
    expect(m.title).toBe('Проекты · Berpa');
    expect(m.description).toContain('Программа восстановления');
    expect((await metaFor(env.app, '/projects/%E0%A4%A', 'en')).title).toBe('Projects · Berpa');
    expect((await metaFor(env.app, '/', 'ko')).title).toBe('Berpa');
    expect((await metaFor(env.app, '/admin/users', 'en')).title).toBe('Berpa');
  });

  it('the language: ?lang= first, then Accept-Language, then English', () => {
    expect(shareLanguage(new URLSearchParams('lang=ko'), 'ru-RU')).toBe('ko');
    expect(shareLanguage(new URLSearchParams('lang=xx'), 'ru-RU,ru;q=0.9')).toBe('ru');
    expect(shareLanguage(new URLSearchParams(''), 'de-DE, az;q=0.5')).toBe('az');
    expect(shareLanguage(new URLSearchParams(''), undefined)).toBe('en');
  });
});
