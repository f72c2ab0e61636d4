import type { FastifyInstance } from 'fastify';
import { LANGS as LANGUAGES, type Lang as Language } from '../lib/languages.ts';

/**
 * Title, description and address of a public page in the HTML itself, for
 * whoever reads the page without running its script: link previews in chat
 * and mail, search engines, citation tools. The single-page app sets the same
 * title once it runs. Each page's facts come from the public API (through
 * `inject`, anonymous, so drafts and restricted fields stay out exactly as
 * they do for any visitor); an unknown or non-public record gets the
 * generic description, never an error page.
 */

const SITE: Record<Language, { tagline: string; pages: Record<string, string> }> = {
  en: {
    tagline: 'The reconstruction programme in the open: land released, projects, tenders, contracts and partner countries.',
    pages: {
      '/map': 'Map',
      '/projects': 'Projects',
      '/search': 'Projects',
      '/tenders': 'Tenders',
      '/organisations': 'Organisations',
      '/open-data': 'Open data',
      '/report': 'Programme report',
      '/red-flags': 'Red flags',
    },
  },
  az: {
    tagline: 'Bərpa proqramı açıq şəkildə: azad edilmiş torpaqlar, layihələr, tenderlər, müqavilələr və tərəfdaş ölkələr.',
    pages: {
      '/map': 'Xəritə',
      '/projects': 'Layihələr',
      '/search': 'Layihələr',
      '/tenders': 'Tenderlər',
      '/organisations': 'Təşkilatlar',
      '/open-data': 'Açıq məlumatlar',
      '/report': 'Proqram üzrə hesabat',
      '/red-flags': 'Risk siqnalları',
    },
  },
  ko: {
    tagline: '공개적으로 운영되는 재건 사업: 해제된 토지, 사업, 입찰, 계약, 파트너 국가.',
    pages: {
      '/map': '지도',
      '/projects': '사업',
      '/search': '사업',
      '/tenders': '입찰',
      '/organisations': '기관',
      '/open-data': '공개 데이터',
      '/report': '사업 보고서',
      '/red-flags': '위험 신호',
    },
  },
  ru: {
    tagline: 'Программа восстановления открыто: освобождённые земли, проекты, тендеры, контракты и страны-партнёры.',
    pages: {
      '/map': 'Карта',
      '/projects': 'Проекты',
      '/search': 'Проекты',
      '/tenders': 'Тендеры',
      '/organisations': 'Организации',
      '/open-data': 'Открытые данные',
      '/report': 'Отчёт о программе',
      '/red-flags': 'Красные флаги',
    },
  },
};

export interface ShareMeta {
  lang: Language;
  title: string;
  description: string;
  /** Path and the language parameter: the address to cite. */
  canonical: string;
}

/** The language asked for: `?lang=` first (a shared link names it), then the browser's Accept-Language, then English. */
export function shareLanguage(query: URLSearchParams, acceptLanguage: string | undefined): Language {
  const asked = query.get('lang');
  if (asked && (LANGUAGES as readonly string[]).includes(asked)) return asked as Language;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0].trim().toLowerCase().slice(0, 2);
    if ((LANGUAGES as readonly string[]).includes(tag)) return tag as Language;
  }
  return 'en';
}

type Json = Record<string, unknown>;

/** A localized API text ({az, en, …} or a plain string) in `lang`, else English, else any. */
function pick(v: unknown, lang: Language): string {
  if (typeof v === 'string') return v;
  if (!v || typeof v !== 'object') return '';
  const o = v as Record<string, unknown>;
  const s = o[lang] ?? o.en ?? Object.values(o).find((x) => typeof x === 'string');
  return typeof s === 'string' ? s : '';
}

/** A path segment decoded, or null when its percent-encoding is broken (a typed or truncated link). */
function segment(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

const clip = (s: string, n = 200) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > n ? `${flat.slice(0, n - 1).trimEnd()}…` : flat;
};

async function getJson(app: FastifyInstance, url: string): Promise<Json | null> {
  const r = await app.inject({ method: 'GET', url, headers: { accept: 'application/json' } });
  if (r.statusCode !== 200) return null;
  try {
    return r.json() as Json;
  } catch {
    return null;
  }
}

/** What one public page is about, or the site's own description. */
export async function metaFor(app: FastifyInstance, pathname: string, lang: Language): Promise<ShareMeta> {
  const site = SITE[lang];
  const canonical = `${pathname}?lang=${lang}`;
  const plain = (title: string, description = site.tagline): ShareMeta => ({ lang, title: title ? `${title} · Berpa` : 'Berpa', description, canonical });
  const [, kind, id, more] = pathname.split('/');
  if (!kind) return plain('');
  const list = site.pages[`/${kind}`] ?? '';
  if (more !== undefined) return plain('');
  if (!id) return plain(list);
  const raw = segment(id);
  // A broken or empty id: the list's title, as for a record the public cannot see.
  if (!raw) return plain(list);
  const safeId = encodeURIComponent(raw);
  if (kind === 'projects' || kind === 'tenders' || kind === 'contracts' || kind === 'organisations') {
    const x = await getJson(app, `/api/v1/${kind}/${safeId}`);
    if (!x) return plain(list);
    const title = pick(x.title, lang) || pick(x.names ?? x.name, lang) || String(x.ocid ?? x.code ?? '');
    const description = pick(x.description, lang) || site.tagline;
    return plain(title, clip(description));
  }
  if (kind === 'countries') {
    const x = await getJson(app, `/api/v1/countries/${safeId}`);
    const country = (x?.country as Json | undefined) ?? x;
    const name = pick(country?.names ?? country?.name, lang);
    return name ? plain(name, clip(`${name} — ${site.tagline}`)) : plain('');
  }
  if (kind === 'districts') {
    const list = await getJson(app, '/api/v1/areas?level=district');
    const area = ((list?.items as Json[] | undefined) ?? []).find((a) => a.code === raw);
    const name = area ? pick(area.names ?? area.name, lang) : '';
    return name ? plain(name, clip(`${name} — ${site.tagline}`)) : plain('');
  }
  return plain('');
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** index.html with the page's language, title, description, canonical address and Open Graph tags. */
export function withMeta(html: string, meta: ShareMeta, origin: string): string {
  const url = `${origin}${meta.canonical}`;
  const tags = [
    `<meta name="description" content="${escapeHtml(meta.description)}" />`,
    `<link rel="canonical" href="${escapeHtml(url)}" />`,
    `<meta property="og:type" content="website" />`,
    `<meta property="og:site_name" content="Berpa" />`,
    `<meta property="og:title" content="${escapeHtml(meta.title)}" />`,
    `<meta property="og:description" content="${escapeHtml(meta.description)}" />`,
    `<meta property="og:url" content="${escapeHtml(url)}" />`,
    `<meta property="og:locale" content="${meta.lang}" />`,
    `<meta name="twitter:card" content="summary" />`,
  ].join('\n    ');
  return html
    .replace(/<html lang="[^"]*"/, `<html lang="${meta.lang}"`)
    .replace(/<meta name="description"[^>]*>/, tags)
    .replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(meta.title)}</title>`);
}
