import type { Generated } from 'kysely';
import type { Json, LocalizedText, Timestamp } from '../../db/columns.ts';

/** Geometry columns are read and written through SQL (ST_AsGeoJSON / ST_GeomFromGeoJSON); Kysely sees them as opaque. */
type Geom = unknown;

export interface AreaTable {
  id: Generated<string>;
  code: string;
  level: 'country' | 'district' | 'settlement';
  parent_id: string | null;
  name: Json<LocalizedText>;
  geom: Geom;
  area_km2: Generated<number>;
  is_demo: Generated<boolean>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface HazardAreaTable {
  id: Generated<string>;
  reference: string;
  name: string;
  classification: 'SHA' | 'CHA';
  hazard_types: string[];
  status: Generated<'active' | 'partially_released' | 'released'>;
  recorded_on: string;
  recording_org_id: string | null;
  district_id: string | null;
  geom: Geom;
  area_km2: Generated<number>;
  remaining_geom: Geom;
  remaining_km2: number;
  released_on: string | null;
  notes: string | null;
  is_demo: Generated<boolean>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface LandReleaseTable {
  id: Generated<string>;
  reference: string;
  method: 'non_technical_survey' | 'technical_survey' | 'clearance';
  hazard_area_id: string | null;
  operator_org_id: string | null;
  started_on: string | null;
  completed_on: string;
  clearance_depth_cm: number | null;
  district_id: string | null;
  geom: Geom;
  area_km2: Generated<number>;
  notes: string | null;
  is_demo: Generated<boolean>;
  created_at: Generated<Timestamp>;
}

export interface LandReleaseDeviceTable {
  id: Generated<string>;
  release_id: string;
  category: string;
  model: string | null;
  condition: string;
  depth_cm: number | null;
  position: Geom | null;
  quantity: Generated<number>;
}

export interface LandCellTable {
  district_id: string;
  cx: number;
  cy: number;
  month: string;
  hazardous_km2: number;
  cancelled_km2: number;
  reduced_km2: number;
  cleared_km2: number;
  d_hazardous: number;
  d_cancelled: number;
  d_reduced: number;
  d_cleared: number;
  latest: Generated<boolean>;
}

/** One confirmed import (migration 0120): the source coordinate system and encoding as read. */
export interface LandImportTable {
  id: string;
  kind: 'areas' | 'hazards' | 'releases';
  format: string;
  filename: string | null;
  source_crs: string;
  encoding: string | null;
  feature_count: number;
  created_count: number;
  updated_count: number;
  repaired: Generated<boolean>;
  actor_user_id: string | null;
  is_demo: Generated<boolean>;
  created_at: Generated<Timestamp>;
}

/**
 * What other modules may read or fill in: land_project_site is declared by
 * Land (0100_land.sql) and defined over the project table by Projects
 * (0300_projects.sql), so Land's figures never read the project table.
 */
export interface LandSurfaces {
  land_project_site: { project_id: string; status: string; district_id: string | null; geom: Geom };
  // Migration 0191_land_read_surfaces_seams.sql: area codes and outlines (projects' import and territory check).
  area_summary: Pick<AreaTable, 'code' | 'level' | 'parent_id' | 'geom'> & { id: string };
}

export interface LandTables extends LandSurfaces {
  land_import: LandImportTable;
  area: AreaTable;
  hazard_area: HazardAreaTable;
  land_release: LandReleaseTable;
  land_release_device: LandReleaseDeviceTable;
  land_cell: LandCellTable;
  land_dirty_cell: { cx: number; cy: number; from_month: string };
  /** Areas cut into small tiles for fast territory tests (0135_land_area_tile_land2.sql). */
  area_tile: { area_id: string; level: string; code: string; geom: Geom };
}
