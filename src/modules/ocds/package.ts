import { compileReleases, type Json } from './merge.ts';

/**
 * OCDS package envelopes. Pure: given stored releases and where they are
 * served from, produce release and record packages (OCDS 1.1).
 */
export const OCDS_VERSION = '1.1';

/** Extensions whose fields Berpa's releases use; declared in every package. */
export const EXTENSIONS = [
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json',
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json',
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_enquiry_extension/v1.1.5/extension.json',
];

export interface PublisherInfo {
  name: string;
  /** Public base URL of this deployment, without a trailing slash. */
  baseUrl: string;
  /** When the package is produced (the database clock). */
  publishedDate: string;
}

export interface ReleaseRow {
  id: string;
  ocid: string;
  tags: string[];
  release: Record<string, unknown>;
  date: Date;
}

export const LICENSE = 'https://creativecommons.org/licenses/by/4.0/';

/** The release as published: stored body plus its stable id, tags and feed date. */
export function presentRelease(r: ReleaseRow): Record<string, Json> {
  return { ...(r.release as Record<string, Json>), ocid: r.ocid, id: r.id, date: r.date.toISOString(), tag: r.tags };
}

function envelope(p: PublisherInfo, uri: string) {
  return {
    uri,
    version: OCDS_VERSION,
    extensions: EXTENSIONS,
    publishedDate: p.publishedDate,
    publisher: { name: p.name, uri: p.baseUrl },
    license: LICENSE,
    publicationPolicy: `${p.baseUrl}/api/docs`,
  };
}

export function releasePackage(p: PublisherInfo, uri: string, rows: ReleaseRow[], links?: { next?: string }) {
  return { ...envelope(p, uri), releases: rows.map(presentRelease), ...(links?.next ? { links } : {}) };
}

export function releaseUrl(p: PublisherInfo, r: { ocid: string; id: string }): string {
  return `${p.baseUrl}/api/v1/ocds/records/${encodeURIComponent(r.ocid)}#${encodeURIComponent(r.id)}`;
}

/**
 * One record per contracting process: its releases embedded (oldest first)
 * and the compiled release. Embedded rather than linked so a record package
 * stands alone as a bulk file.
 */
export function record(rows: ReleaseRow[]) {
  const releases = rows.map(presentRelease);
  return { ocid: rows[0].ocid, releases, compiledRelease: compileReleases(releases as { [k: string]: Json }[]) };
}

export function recordPackage(p: PublisherInfo, uri: string, records: ReturnType<typeof record>[]) {
  return { ...envelope(p, uri), records };
}
