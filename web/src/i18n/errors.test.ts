import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errorRegistry } from '../../../src/lib/errors.ts';
import { LANGS, MESSAGES } from './index.ts';

/** Every server file that registers error codes (they register on import). */
function registeringFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return registeringFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') && fs.readFileSync(p, 'utf8').includes('defineError(') ? [p] : [];
  });
}

describe('API error codes in every language', () => {
  it('every code the server can answer with has a message in az, en, ko and ru', async () => {
    const files = registeringFiles(path.resolve('src'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) await import(pathToFileURL(f).href);
    const codes = errorRegistry().map((e) => e.code);
    expect(codes).toContain('validation_failed');
    for (const lang of LANGS) {
      const messages = MESSAGES[lang] as Record<string, string>;
      expect(
        codes.filter((c) => !messages[`apiError.${c}`]),
        `codes without a message in ${lang}`,
      ).toEqual([]);
    }
  });
});
