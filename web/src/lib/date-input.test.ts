import { describe, expect, it } from 'vitest';
import { formatDateInput, parseDateInput } from './date-input.ts';

describe('dates typed in the page language', () => {
  it('shows an ISO date in each language’s order', () => {
    expect(formatDateInput('2025-03-09', 'az')).toBe('09.03.2025');
    expect(formatDateInput('2025-03-09', 'ru')).toBe('09.03.2025');
    expect(formatDateInput('2025-03-09', 'en')).toBe('09/03/2025');
    expect(formatDateInput('2025-03-09', 'ko')).toBe('2025. 03. 09.');
    expect(formatDateInput('', 'ru')).toBe('');
  });

  it('reads what each language writes back as ISO', () => {
    expect(parseDateInput('09.03.2025', 'az')).toEqual({ kind: 'date', iso: '2025-03-09' });
    expect(parseDateInput('9.3.2025', 'ru')).toEqual({ kind: 'date', iso: '2025-03-09' });
    expect(parseDateInput('09/03/2025', 'en')).toEqual({ kind: 'date', iso: '2025-03-09' });
    expect(parseDateInput('2025. 3. 9.', 'ko')).toEqual({ kind: 'date', iso: '2025-03-09' });
    expect(parseDateInput('2025.03.09', 'ko')).toEqual({ kind: 'date', iso: '2025-03-09' });
    for (const lang of ['az', 'en', 'ko', 'ru'] as const) {
      expect(parseDateInput(formatDateInput('2024-12-31', lang), lang)).toEqual({ kind: 'date', iso: '2024-12-31' });
      expect(parseDateInput('2024-02-29', lang), `ISO in ${lang}`).toEqual({ kind: 'date', iso: '2024-02-29' });
    }
  });

  it('tells a date that does not exist from one it cannot read', () => {
    expect(parseDateInput('31.02.2025', 'ru')).toEqual({ kind: 'impossible' });
    expect(parseDateInput('29.02.2025', 'az')).toEqual({ kind: 'impossible' });
    expect(parseDateInput('31/04/2025', 'en')).toEqual({ kind: 'impossible' });
    expect(parseDateInput('2025. 13. 01.', 'ko')).toEqual({ kind: 'impossible' });
    expect(parseDateInput('2025-02-30', 'en')).toEqual({ kind: 'impossible' });
    expect(parseDateInput('  ', 'ru')).toEqual({ kind: 'empty' });
    expect(parseDateInput('31.02', 'ru')).toEqual({ kind: 'unreadable' });
    expect(parseDateInput('31.02.25', 'ru')).toEqual({ kind: 'unreadable' });
    expect(parseDateInput('01.02.2025', 'ko')).toEqual({ kind: 'unreadable' });
    expect(parseDateInput('March 3, 2025', 'en')).toEqual({ kind: 'unreadable' });
  });
});
