import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validationError } from '../../lib/errors.ts';

/**
 * What a new password must be (OWASP ASVS 2.1): at least 12 characters
 * (counted as code points, so Hangul and Cyrillic count like Latin), at most
 * 200, not one of the common passwords bundled in
 * data-assets/passwords/common.txt, and not the account's own email.
 * No composition rules (ASVS 2.1.9). Pure apart from reading the list once.
 */
export const MIN_PASSWORD_LENGTH = 12;

const LIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data-assets/passwords/common.txt');
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(
    fs
      .readFileSync(LIST, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
  return common;
}

/** Why the password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, email?: string): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (length > 200) return 'must be at most 200 characters';
  const folded = password.normalize('NFKC').toLowerCase();
  if (commonPasswords().has(folded) || commonPasswords().has(folded.trim())) return 'is one of the most common passwords; choose another';
  if (email && (folded === email.toLowerCase() || folded === email.toLowerCase().split('@')[0])) return 'must not be your email address';
  return null;
}

/** Errors: validation_failed naming `field`. */
export function assertAcceptablePassword(password: string, email: string | undefined, field: string): void {
  const problem = passwordProblem(password, email);
  if (problem) throw validationError([{ field, message: problem }], `${field} ${problem}`);
}
