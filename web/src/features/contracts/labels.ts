import { ApiError } from '../../app/api.ts';
import { problemLine } from '../../app/problem-text.ts';
import en from '../../i18n/en.ts';
import type { Lang, MessageKey } from '../../i18n/index.ts';

type T = (k: MessageKey, v?: Record<string, string | number>) => string;

/** A code from the API (a status, a kind, a flag) as the message `prefix.code`, or the code itself when no message names it. */
export function coded(t: T, prefix: string, code: string | null | undefined): string {
  if (!code) return '';
  const key = `${prefix}.${code}`;
  return key in en ? t(key as MessageKey) : code;
}

/**
 * The server's refusal in the reader's language: the contract rules' error
 * codes have their own messages; any other code its API message (problem-text.ts).
 */
export function refusal(t: T, e: unknown, lang: Lang): string {
  if (e instanceof ApiError) {
    const key = `contract.err.${e.code}`;
    if (key in en) return t(key as MessageKey);
  }
  return problemLine(t, lang, e);
}

/** For a form's catch: the same problem (status, code, field pointers) with its message in the reader's language. */
export function inLanguage(t: T) {
  return (e: unknown): never => {
    if (e instanceof ApiError) {
      const key = `contract.err.${e.code}`;
      if (key in en) throw new ApiError(e.status, e.code, t(key as MessageKey), e.errors, true);
    }
    throw e;
  };
}

/** Today as YYYY-MM-DD in the viewer's calendar (dates in forms). */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Photo markers and legend by the server's location verdict. */
export const PHOTO_COLOURS: Record<string, string> = { verified: '#0b6e4f', outside: '#a61b1b', not_verified: '#5b6b7a' };
