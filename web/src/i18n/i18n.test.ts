import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { detectLanguage, LANGS, MESSAGES, pickLocalized, translate } from './index.ts';

/** Argument names of an ICU message, including those inside plural and select branches. */
function argumentsOf(els: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const e of els) {
    if (e.type === TYPE.argument || e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.time) out.add(e.value);
    if (e.type === TYPE.plural || e.type === TYPE.select) {
      out.add(e.value);
      for (const o of Object.values(e.options)) argumentsOf(o.value, out);
    }
  }
  return out;
}

describe('messages', () => {
  const reference = Object.keys(MESSAGES.en).sort();
  it.each(LANGS)('%s has exactly the English keys, none empty', (lang) => {
    const keys = Object.keys(MESSAGES[lang]).sort();
    expect(
      reference.filter((k) => !keys.includes(k)),
      `missing in ${lang}`,
    ).toEqual([]);
    expect(
      keys.filter((k) => !reference.includes(k)),
      `extra in ${lang}`,
    ).toEqual([]);
    expect(keys.filter((k) => !String(MESSAGES[lang][k as keyof typeof MESSAGES.en]).trim())).toEqual([]);
  });
  it.each(LANGS)('%s keeps every placeholder of the English text', (lang) => {
    for (const k of reference) {
      const want = (MESSAGES.en[k as keyof typeof MESSAGES.en].match(/\{\w+\}/g) ?? []).sort();
      const got = (MESSAGES[lang][k as keyof typeof MESSAGES.en].match(/\{\w+\}/g) ?? []).sort();
      expect(got, `${lang} ${k}`).toEqual(want);
    }
  });
  it.each(LANGS)('%s messages are valid ICU with the English arguments', (lang) => {
    for (const k of reference) {
      const key = k as keyof typeof MESSAGES.en;
      const want = [...argumentsOf(parse(MESSAGES.en[key]))].sort();
      let got: string[] = [];
      expect(() => (got = [...argumentsOf(parse(MESSAGES[lang][key]))].sort()), `${lang} ${k}`).not.toThrow();
      expect(got, `${lang} ${k}`).toEqual(want);
    }
  });
  it('formats plurals by each language’s rules', () => {
    expect(translate(MESSAGES.en, 'audit.results', { count: 1 }, 'en')).toBe('1 event');
    expect(translate(MESSAGES.en, 'audit.results', { count: 0 }, 'en')).toBe('No events.');
    expect(translate(MESSAGES.ru, 'audit.results', { count: 3 }, 'ru')).toBe('3 события');
    expect(translate(MESSAGES.ru, 'audit.results', { count: 5 }, 'ru')).toBe('5 событий');
    expect(translate(MESSAGES.ru, 'audit.results', { count: 21 }, 'ru')).toBe('21 событие');
    expect(translate(MESSAGES.ko, 'audit.results', { count: 2 }, 'ko')).toBe('이벤트 2건');
  });
  it('translated texts really are translated (not English copies) for most keys', () => {
    for (const lang of ['az', 'ko', 'ru'] as const) {
      const same = reference.filter((k) => MESSAGES[lang][k as keyof typeof MESSAGES.en] === MESSAGES.en[k as keyof typeof MESSAGES.en]);
      expect(same.length, `${lang}: ${same.join(', ')}`).toBeLessThan(reference.length * 0.1);
    }
  });
});

describe('language choice', () => {
  it('a remembered choice wins over the browser', () => {
    expect(detectLanguage('ko', ['ru-RU'])).toBe('ko');
  });
  it('follows the first browser language it speaks, by base tag', () => {
    expect(detectLanguage(null, ['fr-FR', 'az-Latn-AZ', 'en'])).toBe('az');
    expect(detectLanguage('xx', ['ru-RU'])).toBe('ru');
  });
  it('falls back to English', () => {
    expect(detectLanguage(null, ['fr', 'de'])).toBe('en');
    expect(detectLanguage(null, [])).toBe('en');
  });
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate(MESSAGES.en, 'search.results', { count: 3 })).toBe('3 projects');
    expect(translate(MESSAGES.en, 'search.results')).toBe('{count} projects');
  });
  it('picks the localized value with sensible fallbacks', () => {
    expect(pickLocalized({ az: 'Şuşa', en: 'Shusha' }, 'ko')).toBe('Shusha');
    expect(pickLocalized({ az: 'Şuşa' }, 'ru')).toBe('Şuşa');
    expect(pickLocalized({ az: 'Şuşa', en: 'Shusha' }, 'az')).toBe('Şuşa');
    expect(pickLocalized(null, 'az')).toBe('');
  });
});
