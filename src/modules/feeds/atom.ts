/**
 * Pure: an Atom 1.0 document (RFC 4287) from plain values. Every text goes
 * through escapeXml, so a title holding <, &, quotes or any script is data,
 * never markup. Text that is not in the feed's language carries its own
 * xml:lang (a Korean reader asking for ko gets the English fallback marked en).
 */

export interface AtomText {
  text: string;
  /** The language the text is in; written as xml:lang when it differs from the feed's. */
  lang: string;
}

export interface AtomEntry {
  /** A URI, unique and permanent (RFC 4287 §4.2.6). */
  id: string;
  title: AtomText;
  updated: Date;
  /** The portal page the entry is about (absolute). */
  link: string;
  summary?: AtomText;
  categories?: string[];
}

export interface AtomFeed {
  id: string;
  title: AtomText;
  /** The feed's own address (rel=self, absolute). */
  self: string;
  /** The portal page the feed follows (rel=alternate, absolute). */
  alternate: string;
  author: string;
  lang: string;
  entries: AtomEntry[];
}

// XML 1.0 allows tab, LF, CR and U+0020 upward (less the surrogates and U+FFFE/U+FFFF); anything else would make the document ill-formed.
const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(s: string): string {
  return s.replace(NOT_XML_CHAR, '').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** RFC 3339 in UTC with seconds (what RFC 4287 §3.3 asks for). */
export const rfc3339 = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

const text = (tag: string, t: AtomText, feedLang: string) => `<${tag} type="text"${t.lang === feedLang ? '' : ` xml:lang="${escapeXml(t.lang)}"`}>${escapeXml(t.text)}</${tag}>`;

/** The feed's updated time: its newest entry's, else the Unix epoch (an empty feed stays byte-identical, so its ETag holds). */
export function feedUpdated(entries: AtomEntry[]): Date {
  return entries.reduce((max, e) => (e.updated > max ? e.updated : max), new Date(0));
}

export function renderAtom(f: AtomFeed): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(f.lang)}">`,
    `  <id>${escapeXml(f.id)}</id>`,
    `  ${text('title', f.title, f.lang)}`,
    `  <updated>${rfc3339(feedUpdated(f.entries))}</updated>`,
    `  <author><name>${escapeXml(f.author)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(f.self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(f.alternate)}"/>`,
    '  <generator>Berpa</generator>',
  ];
  for (const e of f.entries) {
    lines.push(
      '  <entry>',
      `    <id>${escapeXml(e.id)}</id>`,
      `    ${text('title', e.title, f.lang)}`,
      `    <updated>${rfc3339(e.updated)}</updated>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(e.link)}"/>`,
    );
    for (const c of e.categories ?? []) lines.push(`    <category term="${escapeXml(c)}"/>`);
    if (e.summary) lines.push(`    ${text('summary', e.summary, f.lang)}`);
    lines.push('  </entry>');
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}

/**
 * A tag URI (RFC 4151) under the portal's host: permanent and unique without
 * a registry, and unlike a page address it does not change when a page moves.
 */
export function tagUri(publicUrl: string, specific: string): string {
  return `tag:${new URL(publicUrl).hostname},2026:${specific}`;
}
