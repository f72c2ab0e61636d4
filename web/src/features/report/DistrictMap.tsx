import { useI18n } from '../../app/i18n.tsx';
import { LAND_COLOURS } from '../home/charts.tsx';
import type { DistrictShape } from './api.ts';

type Ring = [number, number][];

/** Outer and inner rings of a Polygon or MultiPolygon; other geometries draw nothing. */
function ringsOf(g: DistrictShape['geometry']): Ring[] {
  if (!g) return [];
  if (g.type === 'Polygon') return g.coordinates as Ring[];
  if (g.type === 'MultiPolygon') return (g.coordinates as Ring[][]).flat();
  return [];
}

/** Light grey-green to the map's "released" green, by the share of the largest district figure. */
function shade(share: number): string {
  if (share <= 0) return '#eef1f4';
  const from = [0xd9, 0xee, 0xe1];
  const to = parseInt(LAND_COLOURS.released.slice(1), 16);
  const rgb = [(to >> 16) & 255, (to >> 8) & 255, to & 255].map((c, i) => Math.round(from[i] + (c - from[i]) * Math.min(1, share)));
  return `rgb(${rgb.join(',')})`;
}

/**
 * The programme's districts as one static SVG, shaded by land released. A
 * WebGL map canvas prints blank unless it keeps its drawing buffer, and a
 * printed page cannot pan anyway: plain vector paths print sharp on paper
 * and in the PDF. Longitudes are scaled by cos(latitude) so shapes keep
 * their proportions at this latitude.
 */
export function DistrictMap({ shapes, released }: { shapes: DistrictShape[]; released: Map<string, number> }) {
  const { t, fmt } = useI18n();
  const all = shapes.flatMap((s) => ringsOf(s.geometry).flat());
  if (!all.length) return null;
  const lons = all.map((p) => p[0]);
  const lats = all.map((p) => p[1]);
  const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const W = 640;
  const scale = W / Math.max((maxLon - minLon) * kx, 1e-9);
  const H = Math.round((maxLat - minLat) * scale);
  const x = (lon: number) => ((lon - minLon) * kx * scale).toFixed(1);
  const y = (lat: number) => ((maxLat - lat) * scale).toFixed(1);
  const max = Math.max(0, ...released.values());
  return (
    <figure className="report-map">
      <svg viewBox={`-2 -2 ${W + 4} ${H + 4}`} role="img" aria-label={t('report.mapLabel')} data-testid="report-map">
        <title>{t('report.mapLabel')}</title>
        {shapes.map((s) => {
          const code = s.properties?.code ?? '';
          const d = ringsOf(s.geometry)
            .map((r) => `M${r.map((p) => `${x(p[0])},${y(p[1])}`).join('L')}Z`)
            .join('');
          const km2 = released.get(code) ?? 0;
          return <path key={code} d={d} fill={shade(max ? km2 / max : 0)} stroke="#6b7785" strokeWidth="0.6" fillRule="evenodd" aria-hidden="true" />;
        })}
      </svg>
      <figcaption className="legend">
        <span>
          <span className="swatch" style={{ background: shade(0) }} aria-hidden="true" /> {t('report.mapNone')}
        </span>
        <span>
          <span className="swatch" style={{ background: shade(0.5) }} aria-hidden="true" />
          <span className="swatch" style={{ background: shade(1) }} aria-hidden="true" /> {t('report.mapMore')}
          {max ? ` (${fmt.km2(max)})` : ''}
        </span>
      </figcaption>
    </figure>
  );
}
