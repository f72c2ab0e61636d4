import type { Generated } from 'kysely';
import type { DefaultJson, DefaultTimestamp, Json, LocalizedText, Timestamp } from '../../db/columns.ts';

/** OCDS parties (migration 0001_core.sql). */
export interface OrganisationTable {
  id: Generated<string>;
  name: string;
  name_i18n: DefaultJson<LocalizedText>;
  identifier_scheme: string;
  identifier_id: string;
  country: string;
  roles: Generated<string[]>;
  verification_status: Generated<'unverified' | 'verified' | 'rejected'>;
  verified_at: Timestamp | null;
  verification_note: string | null;
  address: Json<Record<string, string>> | null;
  contact_point: Json<Record<string, string>> | null;
  beneficial_owners: DefaultJson<unknown[]>;
  is_demo: Generated<boolean>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** What other modules may read (views, migrations 0091_core_read_surfaces.sql and 0092): no address, contact or owners. */
export interface OrganisationsSurfaces {
  organisation_party: {
    id: string;
    name: string;
    country: string;
    identifier_scheme: string;
    identifier_id: string;
    created_at: Date;
    name_i18n: LocalizedText;
    roles: string[];
    verification_status: 'unverified' | 'verified' | 'rejected';
  };
}

export interface OrganisationsTables extends OrganisationsSurfaces {
  organisation: OrganisationTable;
}
