import { expect, it } from 'vitest';
import { BOUNDARY_ATTRIBUTION } from '../../../../src/modules/land/attribution.ts';
import { LANGS, MESSAGES, translate } from '../../i18n/index.ts';
import { attributionLines, SOURCE_NAMES } from './attribution.ts';

it('the English district line is the server’s attribution line, word for word', () => {
  const [districts] = attributionLines((k, v) => translate(MESSAGES.en, k, v, 'en'));
  expect(districts).toBe(BOUNDARY_ATTRIBUTION);
});

it.each(LANGS)('%s keeps every source name as it is', (lang) => {
  const text = attributionLines((k, v) => translate(MESSAGES[lang], k, v, lang)).join(' ');
  for (const name of Object.values(SOURCE_NAMES)) expect(text).toContain(name);
});
