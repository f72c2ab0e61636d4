import type { Generated } from 'kysely';
import type { DefaultTimestamp, Json, LocalizedText } from '../../db/columns.ts';

/** The programme (migration 0001_core.sql): one row. */
export interface ProgrammeTable {
  id: Generated<string>;
  name: Json<LocalizedText>;
  target_km2: number;
  currencies: string[];
  languages: string[];
  ocid_prefix: string;
  oc4ids_prefix: string;
  partner_policy: Generated<'all' | 'partners_only'>;
  timezone: Generated<string>;
  is_demo: Generated<boolean>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface ProgrammeTables {
  programme: ProgrammeTable;
}
