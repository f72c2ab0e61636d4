import type { Generated } from 'kysely';
import type { DefaultTimestamp } from '../../db/columns.ts';

/** Uploaded documents, stored by SHA-256 (migration 0001_core.sql). */
export interface DocumentTable {
  id: Generated<string>;
  sha256: string;
  title: string;
  document_type: string;
  language: string | null;
  media_type: string;
  size_bytes: number;
  access_level: Generated<'public' | 'limited' | 'restricted'>;
  organisation_id: string | null;
  uploaded_by: string | null;
  created_at: DefaultTimestamp;
}

export interface DocumentsTables {
  document: DocumentTable;
}
