import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errorRegistry } from '../../../src/lib/errors.ts';
import { SERVICE_FIELD_ERROR_CODES } from '../../../src/lib/field-error-codes.ts';
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
        for (const v of [{}, { date: 'none', currency: 'none' }])
          expect(
            translate(
              MESSAGES[lang],
              k as MessageKey,
              { limit: 2, allowed: 'a', format: 'date', type: 'string', datePattern: 'p', date: '01.02.2026', currency: 'AZN', value: 'x', other: 'y', ...v },
              lang,
            ),
          ).not.toMatch(/[{}]/);
  });
});

/** Every `code: '…'` written after a `message:` (within the same few lines) in the server's own source: the field errors services and routes raise by hand. */
function handWrittenFieldCodes(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) for (const [c, f] of handWrittenFieldCodes(p)) found.set(c, f);
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts'))
      for (const m of fs.readFileSync(p, 'utf8').matchAll(/message:(?:(?!message:)[\s\S]){0,400}?\bcode: '([a-z_]+)'/g)) found.set(m[1], path.relative('.', p));
  }
  return found;
}

describe("the services' own field errors, in the reader's language", () => {
  const tr = (lang: Lang) => (k: MessageKey, v?: Record<string, string | number>) => translate(MESSAGES[lang], k, v, lang);

  it('every code a service or route can set is on the list and has a message in az, en, ko and ru', () => {
    const found = handWrittenFieldCodes(path.resolve('src/modules'));
    expect(found.size).toBeGreaterThan(20);
    // Request-validation rules that a service may also name (a missing upload is `required`, as Ajv would say).
    const rules = new Set(
      Object.keys(MESSAGES.en)
        .filter((k) => k.startsWith('fieldError.') && !(SERVICE_FIELD_ERROR_CODES as readonly string[]).includes(k.slice(11)))
        .map((k) => k.slice(11)),
    );
    const unlisted = [...found].filter(([c]) => !(SERVICE_FIELD_ERROR_CODES as readonly string[]).includes(c) && !rules.has(c));
    expect(unlisted, 'codes set in src/modules that are neither in SERVICE_FIELD_ERROR_CODES nor a request-validation rule').toEqual([]);
    for (const lang of LANGS) {
      const messages = MESSAGES[lang] as Record<string, string>;
      expect(
        [...SERVICE_FIELD_ERROR_CODES, ...found.keys()].filter((c) => !messages[`fieldError.${c}`]),
        `field-error codes without a message in ${lang}`,
      ).toEqual([]);
    }
  });

  it('words them with their values, and keeps English for a code it does not know', () => {
    const end = { field: '/body/validTo', message: 'must be on or after validFrom', code: 'end_before_start', params: { other: 'validFrom' } };
    expect(fieldErrorText(tr('ru'), end, 'ru')).toBe('Окончание не может быть раньше начала.');
    expect(fieldErrorText(tr('az'), end, 'az')).toBe('Bitmə tarixi başlanğıcdan əvvəl ola bilməz.');
    const early = { field: '/body/actualEndDate', message: 'before the contract started', code: 'before_other_date', params: { other: 'periodStart', date: '2026-03-01' } };
    expect(fieldErrorText(tr('ru'), early, 'ru')).toBe('Не ранее 01.03.2026.');
    expect(fieldErrorText(tr('ko'), early, 'ko')).toBe('2026. 03. 01. 또는 그 이후여야 합니다.');
    expect(fieldErrorText(tr('en'), { ...early, params: { other: 'periodStart' } }, 'en')).toBe('Too early: this date comes before the one it must follow.');
    const cur = { field: '/body/currency', message: 'the contract is in AZN', code: 'currency_mismatch', params: { currency: 'AZN' } };
    expect(fieldErrorText(tr('az'), cur, 'az')).toBe('Məbləğ AZN valyutasında olmalıdır.');
    expect(fieldErrorText(tr('ru'), { field: '/body/amount', message: 'an amount with at most two decimals', code: 'amount_decimals', params: { limit: 2 } }, 'ru')).toBe(
      'Не более 2 знаков после запятой.',
    );
    expect(fieldErrorText(tr('ru'), { field: '/body/x', message: 'something new', code: 'not_yet_worded' }, 'ru')).toBe('something new');
  });

  it("lists an enum's allowed values as labels of the reader's language when the field takes a labelled codelist, else as codes", () => {
    const sector = { field: '/body/sector', message: 'must be equal to one of the allowed values', code: 'enum', params: { allowed: ['education', 'health'] } };
    const ru = fieldErrorText(tr('ru'), sector, 'ru');
    expect(ru).toBe(`Выберите одно из значений: ${MESSAGES.ru['sector.education' as MessageKey]}, ${MESSAGES.ru['sector.health' as MessageKey]}.`);
    expect(ru).not.toContain('education');
    // Without the language (or on a field with no codelist), the codes as sent.
    expect(fieldErrorText(tr('ru'), sector)).toBe('Выберите одно из значений: education, health.');
    const hazard = { field: 'features[0].properties.classification', message: 'must be SHA (suspected) or CHA (confirmed)', code: 'enum', params: { allowed: ['SHA', 'CHA'] } };
    expect(fieldErrorText(tr('az'), hazard, 'az')).toBe('Bunlardan birini seçin: SHA, CHA.');
  });
});
