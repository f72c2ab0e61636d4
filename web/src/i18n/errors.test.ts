import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errorRegistry } from '../../../src/lib/errors.ts';
import { fieldErrorText } from '../app/problem-text.ts';
import { LANGS, type Lang, MESSAGES, type MessageKey, translate } from './index.ts';

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

describe("field errors from request validation, in the reader's language", () => {
  const tr = (lang: Lang) => (k: MessageKey, v?: Record<string, string | number>) => translate(MESSAGES[lang], k, v, lang);
  const word = (lang: Lang, e: Parameters<typeof fieldErrorText>[1]) => fieldErrorText(tr(lang), e);
  const long = { field: '/body/name', message: 'must NOT have more than 200 characters', code: 'max_length', params: { limit: 200 } };
  const kind = { field: '/body/status', message: 'must be equal to constant', code: 'enum', params: { allowed: ['planned', 'ongoing'] } };
  const day = { field: '/body/recordedOn', message: 'must match format "date"', code: 'format', params: { format: 'date' } };

  it('words a known code with its limit, allowed values and the date pattern of the language', () => {
    expect(word('en', long)).toBe('At most 200 characters.');
    expect(word('ru', long)).toBe('Не более 200 символов.');
    expect(word('az', long)).toBe('Ən çoxu 200 simvol.');
    expect(word('ko', long)).toBe('200자 이하로 입력하세요.');
    expect(word('ru', kind)).toBe('Выберите одно из значений: planned, ongoing.');
    expect(word('az', kind)).toBe('Bunlardan birini seçin: planned, ongoing.');
    expect(word('ru', day)).toBe('Введите дату в виде дд.мм.гггг.');
    expect(word('az', day)).toBe('Tarixi gg.aa.iiii şəklində daxil edin.');
    expect(word('ko', day)).toBe('날짜를 yyyy. mm. dd. 형식으로 입력하세요.');
    expect(word('en', day)).toBe('Enter a date as dd/mm/yyyy.');
    expect(word('ru', { field: '/body/x', message: 'is required', code: 'required' })).toBe('Обязательное поле.');
    expect(word('ru', { field: '/body/x', message: 'must NOT have fewer than 3 characters', code: 'min_length', params: { limit: 3 } })).toBe('Не менее 3 символов.');
    expect(word('ru', { field: '/body/x', message: 'must be integer', code: 'type', params: { type: 'integer' } })).toBe('Введите целое число.');
    expect(word('ko', { field: '/body/x', message: 'must match format "date-time"', code: 'format', params: { format: 'date-time' } })).toBe('날짜와 시간을 입력하세요.');
    expect(word('az', { field: '/body/x', message: 'must be <= 1000000', code: 'maximum', params: { limit: 1000000 } })).toBe('Ən çoxu 1.000.000.');
  });

  it("keeps the server's message for an unknown code and for a service's own error (no code)", () => {
    expect(word('ru', { field: '/body/x', message: 'must be multiple of 5', code: 'multiple_of', params: {} })).toBe('must be multiple of 5');
    expect(word('az', { field: '/body/tenderPeriod/endDate', message: 'must be at least 10 days after the start' })).toBe('must be at least 10 days after the start');
  });

  it('has every field-error code in az, en, ko and ru, each a valid ICU message', () => {
    const codes = Object.keys(MESSAGES.en).filter((k) => k.startsWith('fieldError.'));
    expect(codes.length).toBeGreaterThanOrEqual(15);
    for (const lang of LANGS)
      for (const k of codes)
        expect(translate(MESSAGES[lang], k as MessageKey, { limit: 2, allowed: 'a', format: 'date', type: 'string', datePattern: 'p' }, lang)).not.toMatch(/[{}]/);
  });
});
