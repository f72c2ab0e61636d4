import type { ColumnType, Generated } from 'kysely';
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

/** What other modules may read (views, migrations 0091_core_read_surfaces.sql and 0092): metadata, never bytes. */
export interface DocumentsSurfaces {
  document_meta: {
    id: string;
    sha256: string;
    title: string;
    document_type: string;
    media_type: string;
    access_level: 'public' | 'limited' | 'restricted';
    created_at: Date;
    language: string | null;
  };
}

/** Document bytes on PostgreSQL (migration 0023_document_blobs_infra.sql); the embedded default keeps files. */
export interface DocumentBlobTable {
  sha256: string;
  size_bytes: ColumnType<string, number, number>;
  chunks: number;
  created_at: DefaultTimestamp;
}

export interface DocumentBlobChunkTable {
  sha256: string;
  seq: number;
  data: Buffer;
}

export interface DocumentsTables extends DocumentsSurfaces {
  document: DocumentTable;
  document_blob: DocumentBlobTable;
  document_blob_chunk: DocumentBlobChunkTable;
}
