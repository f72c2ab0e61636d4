import type { ColumnType } from 'kysely';
import type { Json, Timestamp } from '../../db/columns.ts';

/** Kysely types for migrations/0500_ocds.sql. */
export interface OcdsReleaseTable {
  id: string;
  ocid: string;
  seq: number;
  tags: string[];
  release: Json<Record<string, unknown>>;
  recorded_at: ColumnType<Date, Date | string | undefined, Date | string>;
  position: number | null;
  date: Timestamp | null;
}

export interface OcdsTables {
  ocds_release: OcdsReleaseTable;
}
