import type { Generated } from 'kysely';
import type { DefaultJson, Json, LocalizedText, Timestamp } from '../../db/columns.ts';

/** Kysely types for migrations/0300_projects.sql. */
export interface ProjectTable {
  id: Generated<string>;
  code: string;
  oc4ids_id: string;
  title: Json<LocalizedText>;
  description: Generated<Json<LocalizedText>>;
  sector: string[];
  type: string;
  status: 'identification' | 'preparation' | 'implementation' | 'completion' | 'cancelled';
  purpose: Generated<Json<LocalizedText>>;
  district_id: string | null;
  location: string;
  centroid: string;
  site: string | null;
  budget_amount: number;
  budget_currency: string;
  public_authority_id: string | null;
  planned_start: string | null;
  planned_end: string | null;
  actual_start: string | null;
  actual_end: string | null;
  sort_date: string;
  funding_countries: Generated<string[]>;
  related_ocids: Generated<string[]>;
  /** OC4IDS fields Berpa does not model, from another publisher's package (migration 0320). */
  oc4ids_extra: DefaultJson<Record<string, unknown>>;
  search_vec: string;
  is_demo: Generated<boolean>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface ProjectFundingTable {
  id: Generated<string>;
  project_id: string;
  position: number;
  source_type: 'government' | 'partner_country' | 'donor' | 'loan';
  country: string | null;
  organisation_id: string | null;
  pledge_id: string | null;
  amount: number;
  currency: string;
}

export interface ProjectOutputTable {
  id: Generated<string>;
  project_id: string;
  metric: string;
  unit: string;
  planned: number;
  achieved: number | null;
}

export interface ProjectDocumentTable {
  project_id: string;
  document_id: string;
  kind: string;
  access_level: Generated<'open' | 'limited' | 'restricted'>;
  created_at: Generated<Timestamp>;
}

export interface ProjectStatusChangeTable {
  id: Generated<number>;
  project_id: string;
  from_status: string;
  to_status: string;
  reason: string;
  changed_by: string | null;
  changed_at: Generated<Timestamp>;
}

/** Migration 0520: contracting processes of another OCDS publisher, followed read-only. */
export interface ProjectExternalProcessTable {
  ocid: string;
  project_id: string;
  publisher: DefaultJson<Record<string, unknown>>;
  compiled: Json<Record<string, unknown>>;
  release_count: number;
  last_date: string | null;
  imported_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface ProjectExternalReleaseTable {
  ocid: string;
  release_id: string;
  date: string | null;
  release: Json<Record<string, unknown>>;
  imported_at: Generated<Timestamp>;
}

/** What other modules may read (views, migration 0391_project_read_surfaces.sql; 0396 adds district_id). Writes: execution.repo.ts. */
export interface ProjectSurfaces {
  project_summary: Pick<
    ProjectTable,
    'code' | 'oc4ids_id' | 'title' | 'status' | 'location' | 'centroid' | 'site' | 'sector' | 'budget_amount' | 'budget_currency' | 'public_authority_id' | 'district_id'
  > & {
    id: string;
  };
  // Migration 0392_project_read_surfaces_seams.sql: who pays for which project.
  project_funding_line: Omit<ProjectFundingTable, 'id'>;
  project_output_summary: { id: string; project_id: string; metric: string; unit: string; planned: number; achieved: number | null };
  project_pledge: { project_id: string; pledge_id: string };
  // Migration 0397: status changes without who or why (the Atom feeds).
  project_status_history: { id: number; project_id: string; from_status: string; to_status: string; changed_at: Date };
  project_district: { project_id: string; district_id: string | null };
}

/** Facet counts over all projects, kept by triggers (migration 0395). */
export interface ProjectFacetCountTable {
  facet: 'sector' | 'status' | 'districtId' | 'partnerCountry';
  value: string;
  n: number;
}

export interface ProjectTables extends ProjectSurfaces {
  project_external_process: ProjectExternalProcessTable;
  project_external_release: ProjectExternalReleaseTable;
  project: ProjectTable;
  project_funding: ProjectFundingTable;
  project_output: ProjectOutputTable;
  project_document: ProjectDocumentTable;
  project_status_change: ProjectStatusChangeTable;
  project_facet_count: ProjectFacetCountTable;
}
