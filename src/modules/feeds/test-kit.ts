/**
 * Test-only: an Atom document checked against RFC 4287 beyond its shape —
 * §4.1.1 (the feed's id, title, updated; an author on the feed or on every
 * entry; one alternate link per type and language), §4.1.2 (each entry's id,
 * title, updated, and an alternate link when it has no content), §3.3 (dates
 * RFC 3339 with upper-case T and Z, and real calendar values), §3.1.1 (text
 * types), §3.2 (a person has one name), §4.2.7 (every link has an href) —
 * and our own promises: absolute, unique ids; absolute links; the feed's
 * updated no older than any entry's. Returns what the tests read; throws a
 * list of every problem found.
 */
import { DOMParser, type Element } from '@xmldom/xmldom';

export const ATOM = 'http://www.w3.org/2005/Atom';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** The Atom-namespace children of `el` named `name`. */
export const atomChildren = (el: Element, name: string) =>
  Array.from(el.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).localName === name && (n as Element).namespaceURI === ATOM);

const DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/;

/** RFC 3339 §5.6 date-time with the calendar checked (no 30 February, no hour 24); RFC 4287 §3.3 wants "T" and "Z" upper-case. */
export function isRfc3339(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (mo < 1 || mo > 12 || d < 1 || d > days[mo - 1] || h > 23 || mi > 59 || sec > 60) return false;
  if (m[9] && (Number(m[10]) > 23 || Number(m[11]) > 59)) return false;
  return true;
}

const isAbsoluteIri = (s: string) => /^[a-z][a-z0-9+.-]*:[^\s]+$/i.test(s);
const isLangTag = (s: string) => /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(s);

export interface CheckedEntry {
  id: string;
  title: string;
  titleLang: string | null;
  link: string;
  summary: string | null;
  updated: string;
  categories: string[];
}

export function checkAtom(body: string) {
  const problems: string[] = [];
  const parseErrors: string[] = [];
  let doc: ReturnType<DOMParser['parseFromString']> | undefined;
  try {
    doc = new DOMParser({ onError: (level, msg) => parseErrors.push(`${level}: ${msg}`) }).parseFromString(body, 'application/xml');
  } catch (err) {
    // xmldom throws on a fatal error (after or instead of reporting it).
    parseErrors.push(err instanceof Error ? err.message : String(err));
  }
  if (parseErrors.length || !doc) throw new Error(`not well-formed XML: ${parseErrors.join('; ')}`);
  const feed = doc.documentElement!;
  if (feed.localName !== 'feed' || feed.namespaceURI !== ATOM) throw new Error(`the root is not atom:feed but ${feed.namespaceURI} ${feed.localName}`);

  const exactlyOne = (el: Element, name: string, where: string) => {
    const k = atomChildren(el, name);
    if (k.length !== 1) problems.push(`${where}: ${k.length} atom:${name}, exactly one required`);
    return k[0] as Element | undefined;
  };
  const atMostOne = (el: Element, names: string[], where: string) => {
    for (const n of names) if (atomChildren(el, n).length > 1) problems.push(`${where}: more than one atom:${n}`);
  };
  const text = (el: Element | undefined, where: string) => {
    const type = el?.getAttribute('type');
    if (type && !['text', 'html', 'xhtml'].includes(type)) problems.push(`${where}: text type "${type}"`);
    return el?.textContent ?? '';
  };
  const date = (el: Element | undefined, where: string) => {
    const v = el?.textContent ?? '';
    if (el && !isRfc3339(v)) problems.push(`${where}: "${v}" is not an RFC 3339 date-time`);
    return v;
  };
  const persons = (el: Element, where: string) => {
    for (const a of atomChildren(el, 'author')) {
      const names = atomChildren(a, 'name');
      if (names.length !== 1 || !names[0].textContent?.trim()) problems.push(`${where}: an atom:author needs exactly one non-empty atom:name`);
    }
    return atomChildren(el, 'author').length;
  };
  /** Links: each with an absolute href, at most one alternate per type + hreflang; the alternates' hrefs. */
  const links = (el: Element, where: string) => {
    const seen = new Set<string>();
    const alternates: string[] = [];
    for (const l of atomChildren(el, 'link')) {
      const href = l.getAttribute('href');
      if (!href || !isAbsoluteIri(href)) problems.push(`${where}: a link without an absolute href (${href})`);
      const rel = l.getAttribute('rel') || 'alternate';
      if (rel !== 'alternate') continue;
      const key = `${l.getAttribute('type') ?? ''}|${l.getAttribute('hreflang') ?? ''}`;
      if (seen.has(key)) problems.push(`${where}: two alternate links of type/hreflang ${key}`);
      seen.add(key);
      alternates.push(href ?? '');
    }
    return alternates;
  };
  const langOf = (el: Element | undefined, where: string) => {
    const l = el?.getAttributeNS(XML_NS, 'lang') || null;
    if (l && !isLangTag(l)) problems.push(`${where}: xml:lang "${l}" is not a language tag`);
    return l;
  };

  const feedLang = langOf(feed, 'feed');
  const feedId = exactlyOne(feed, 'id', 'feed')?.textContent ?? '';
  if (!isAbsoluteIri(feedId)) problems.push(`feed: id "${feedId}" is not an absolute IRI`);
  const feedTitle = text(exactlyOne(feed, 'title', 'feed'), 'feed title');
  const feedUpdated = date(exactlyOne(feed, 'updated', 'feed'), 'feed updated');
  atMostOne(feed, ['generator', 'icon', 'logo', 'rights', 'subtitle'], 'feed');
  const feedAuthors = persons(feed, 'feed');
  links(feed, 'feed');
  if (atomChildren(feed, 'link').filter((l) => l.getAttribute('rel') === 'self').length !== 1) problems.push('feed: one rel="self" link expected');

  const ids = new Set<string>();
  const entries: CheckedEntry[] = atomChildren(feed, 'entry').map((e, i) => {
    const where = `entry ${i + 1}`;
    const id = exactlyOne(e, 'id', where)?.textContent ?? '';
    if (!isAbsoluteIri(id)) problems.push(`${where}: id "${id}" is not an absolute IRI`);
    if (ids.has(id) || id === feedId) problems.push(`${where}: id "${id}" used twice`);
    ids.add(id);
    const titleEl = exactlyOne(e, 'title', where);
    const updated = date(exactlyOne(e, 'updated', where), `${where} updated`);
    if (isRfc3339(updated) && isRfc3339(feedUpdated) && Date.parse(updated) > Date.parse(feedUpdated)) problems.push(`${where}: updated after the feed's updated`);
    atMostOne(e, ['content', 'published', 'rights', 'source', 'summary'], where);
    if (feedAuthors === 0 && persons(e, where) === 0) problems.push(`${where}: no atom:author, and the feed has none`);
    const alternates = links(e, where);
    if (atomChildren(e, 'content').length === 0 && alternates.length === 0) problems.push(`${where}: no content and no alternate link`);
    const summaryEl = atomChildren(e, 'summary')[0];
    return {
      id,
      title: text(titleEl, `${where} title`),
      titleLang: langOf(titleEl, `${where} title`),
      link: alternates[0] ?? '',
      summary: summaryEl ? text(summaryEl, `${where} summary`) : null,
      updated,
      categories: atomChildren(e, 'category').map((c) => c.getAttribute('term') ?? ''),
    };
  });
  if (problems.length) throw new Error(`not valid Atom (RFC 4287):\n${problems.join('\n')}`);
  return { feed, lang: feedLang, title: feedTitle, updated: feedUpdated, entries };
}
