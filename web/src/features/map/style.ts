import type { ExpressionSpecification, StyleSpecification } from 'maplibre-gl';
import { OTHER_COLOUR, SECTOR_COLOURS, STATUS_COLOURS } from '../../app/codes.ts';
import { ENDPOINTS } from '../../app/endpoints.ts';
import { LAND_COLOURS } from '../home/charts.tsx';

const EMPTY = { type: 'FeatureCollection', features: [] } as const;

export type ColourBy = 'sector' | 'status';

export function projectColour(by: ColourBy): ExpressionSpecification {
  const table = by === 'sector' ? SECTOR_COLOURS : STATUS_COLOURS;
  const pairs = Object.entries(table).flat();
  return ['match', ['get', by === 'sector' ? '_sector' : '_status'], ...pairs, OTHER_COLOUR] as unknown as ExpressionSpecification;
}

/** The water (everything that is not a country in the bundled files), the programme country, and its neighbours: muted land, so they read as context. */
export const BASE_COLOURS = { water: '#dbe6ee', country: '#f6f4ee', neighbours: '#e4e2d9', neighbourBorder: '#b8b4a8' } as const;

/**
 * The whole map style: only GeoJSON sources served by Berpa itself (no tile
 * servers, no glyphs, no sprites), so it works offline. No text layers.
 */
export function baseStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {
      // A URL, not data: MapLibre fetches it itself, so every map built on this style (map page, home, project, land and site forms) has its neighbours.
      neighbours: { type: 'geojson', data: ENDPOINTS.neighbours },
      country: { type: 'geojson', data: EMPTY as never },
      districts: { type: 'geojson', data: EMPTY as never },
      land: { type: 'geojson', data: EMPTY as never },
      // Client clusters add up the server's grid-cluster counts (`_count`), so the sizes stay true at every zoom.
      projects: { type: 'geojson', data: EMPTY as never, cluster: true, clusterRadius: 45, clusterMaxZoom: 13, clusterProperties: { total: ['+', ['get', '_count']] } },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': BASE_COLOURS.water } },
      // Under the country: where Natural Earth's borders and the programme's outline disagree, the programme's wins.
      { id: 'neighbours-fill', type: 'fill', source: 'neighbours', paint: { 'fill-color': BASE_COLOURS.neighbours } },
      { id: 'neighbours-line', type: 'line', source: 'neighbours', paint: { 'line-color': BASE_COLOURS.neighbourBorder, 'line-width': 0.6 } },
      { id: 'country-fill', type: 'fill', source: 'country', paint: { 'fill-color': BASE_COLOURS.country } },
      { id: 'districts-fill', type: 'fill', source: 'districts', paint: { 'fill-color': ['case', ['boolean', ['get', 'focus'], false], '#efe9dc', '#f6f4ee'] } },
      {
        id: 'land-fill',
        type: 'fill',
        source: 'land',
        paint: {
          'fill-color': [
            'match',
            ['get', '_land'],
            'hazardous',
            LAND_COLOURS.hazardous,
            'released',
            LAND_COLOURS.released,
            'under_reconstruction',
            LAND_COLOURS.under_reconstruction,
            'rebuilt',
            LAND_COLOURS.rebuilt,
            '#999999',
          ],
          'fill-opacity': 0.5,
        },
      },
      { id: 'districts-line', type: 'line', source: 'districts', paint: { 'line-color': '#7d8a96', 'line-width': ['interpolate', ['linear'], ['zoom'], 5, 0.5, 10, 1.5] } },
      { id: 'country-line', type: 'line', source: 'country', paint: { 'line-color': '#3d4a56', 'line-width': 1.4 } },
      {
        id: 'clusters',
        type: 'circle',
        source: 'projects',
        filter: ['any', ['has', 'point_count'], ['==', ['get', '_srv'], true]],
        paint: {
          'circle-color': '#0b6e4f',
          'circle-opacity': 0.82,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2,
          'circle-radius': ['step', ['coalesce', ['get', 'total'], ['get', '_count']], 10, 10, 14, 100, 19, 1000, 25, 10000, 32],
        },
      },
      {
        id: 'project-points',
        type: 'circle',
        source: 'projects',
        filter: ['all', ['!', ['has', 'point_count']], ['!=', ['get', '_srv'], true]],
        paint: { 'circle-color': projectColour('sector'), 'circle-radius': 7, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 },
      },
    ],
  };
}

/** The programme's districts (Karabakh and East Zangezur), with a little margin. */
export const HOME_BOUNDS: [number, number, number, number] = [45.0, 38.75, 47.9, 40.55];
