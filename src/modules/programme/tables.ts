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

/** What other modules may read (view, migration 0092_core_read_surfaces_seams.sql); the row lock is repo.ts lockForUpdate. */
export interface ProgrammeSurfaces {
  programme_profile: Pick<ProgrammeTable, 'ocid_prefix' | 'oc4ids_prefix' | 'currencies' | 'languages'> & {
    id: string;
    name: LocalizedText;
    timezone: string;
    partner_policy: 'all' | 'partners_only';
    created_at: Date;
  };
}

export interface ProgrammeTables extends ProgrammeSurfaces {
  programme: ProgrammeTable;
}
