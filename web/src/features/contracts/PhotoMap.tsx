import type { GeoJSONSource, LngLatBoundsLike, Map as MLMap } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../app/i18n.tsx';
import { showAttribution } from '../map/attribution.ts';
import * as data from '../map/data.ts';
import { baseStyle } from '../map/style.ts';
import { PHOTO_COLOURS } from './labels.ts';

export interface SitePhoto {
  id: string;
  n: number;
  lat: number;
  lon: number;
  locationStatus: string;
}

/** Every coordinate pair of a GeoJSON geometry, for the map's bounds. */
function coords(g: unknown, out: [number, number][] = []): [number, number][] {
  if (Array.isArray(g) && typeof g[0] === 'number') out.push([g[0] as number, g[1] as number]);
  else if (Array.isArray(g)) for (const x of g) coords(x, out);
  return out;
}

/**
 * The contract's sites (each project's site polygon, or its location when no
 * site is drawn) and the progress photos placed by their EXIF position,
 * coloured by the server's verdict. Built from the programme map's style
 * (features/map), with its own two sources on top.
 */
export default function PhotoMap({ sites, photos }: { sites: data.Feature[]; photos: SitePhoto[] }) {
  const { t, lang } = useI18n();
  const tRef = useRef(t);
  tRef.current = t;
  const box = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MLMap | null>(null);
  const libRef = useRef<typeof import('maplibre-gl') | null>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | 'nowebgl'>('loading');

  useEffect(() => {
    let disposed = false;
    let map: MLMap | null = null;
    (async () => {
      const [maplibregl, { default: workerUrl }] = await Promise.all([
        import('maplibre-gl'),
        import('maplibre-gl/dist/maplibre-gl-worker.mjs?url'),
        import('maplibre-gl/dist/maplibre-gl.css'),
      ]);
      if (disposed || !box.current) return;
      maplibregl.setWorkerUrl(workerUrl);
      const all = [...sites.flatMap((f) => coords(f.geometry?.coordinates)), ...photos.map((p) => [p.lon, p.lat] as [number, number])];
      const lons = all.map((c) => c[0]);
      const lats = all.map((c) => c[1]);
      const pad = 0.01;
      const bounds: LngLatBoundsLike | undefined = all.length ? [Math.min(...lons) - pad, Math.min(...lats) - pad, Math.max(...lons) + pad, Math.max(...lats) + pad] : undefined;
      try {
        map = new maplibregl.Map({
          container: box.current,
          style: baseStyle(),
          bounds: bounds ?? [45.0, 38.75, 47.9, 40.55],
          fitBoundsOptions: { padding: 40 },
          attributionControl: false,
          cooperativeGestures: true,
          maxZoom: 17,
        });
      } catch {
        setStatus('nowebgl');
        return;
      }
      const m = map;
      mapRef.current = m;
      libRef.current = maplibregl;
      // tRef, not t: the map is rebuilt with its sites and photos, not on a language switch (the effect below rewrites the credit).
      showAttribution(m, maplibregl.AttributionControl, tRef.current, true);
      m.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
      m.on('load', async () => {
        m.addSource('sites', { type: 'geojson', data: { type: 'FeatureCollection', features: sites } as never });
        m.addSource('photos', {
          type: 'geojson',
          data: {
            type: 'FeatureCollection',
            features: photos.map((p) => ({
              type: 'Feature',
              geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
              properties: { id: p.id, n: String(p.n), status: p.locationStatus },
            })),
          } as never,
        });
        m.addLayer({ id: 'site-fill', type: 'fill', source: 'sites', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#f2b84b', 'fill-opacity': 0.35 } });
        m.addLayer({ id: 'site-line', type: 'line', source: 'sites', paint: { 'line-color': '#8a5a00', 'line-width': 3 } });
        m.addLayer({
          id: 'site-point',
          type: 'circle',
          source: 'sites',
          filter: ['==', ['geometry-type'], 'Point'],
          paint: { 'circle-color': '#f2b84b', 'circle-radius': 14, 'circle-stroke-color': '#8a5a00', 'circle-stroke-width': 2 },
        });
        const colour = ['match', ['get', 'status'], ...Object.entries(PHOTO_COLOURS).flat(), '#5b6b7a'];
        m.addLayer({
          id: 'photo-points',
          type: 'circle',
          source: 'photos',
          paint: { 'circle-color': colour as never, 'circle-radius': 8, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
        });
        setStatus('ready');
        const base = await Promise.all([data.loadCountry(), data.loadDistricts()]).catch(() => null);
        if (disposed || !base) return;
        void (m.getSource('country') as GeoJSONSource | undefined)?.setData(base[0] as never);
        void (m.getSource('districts') as GeoJSONSource | undefined)?.setData(base[1] as never);
        m.once('idle', () => box.current?.setAttribute('data-map-ready', 'true'));
      });
    })().catch(() => !disposed && setStatus('nowebgl'));
    return () => {
      disposed = true;
      map?.remove();
      mapRef.current = null;
    };
  }, [sites, photos]);

  // A language switch rewrites the credit (the first one is shown when the map is made).
  useEffect(() => {
    const map = mapRef.current;
    if (map && libRef.current) showAttribution(map, libRef.current.AttributionControl, t, true);
  }, [lang]);

  return (
    <div className="map-wrap">
      <div ref={box} className="map-box contract-map" role="region" aria-label={t('contract.mapLabel')} data-testid="contract-map" data-photos={photos.length} />
      {status !== 'ready' ? (
        <p className="map-status" role="status">
          {status === 'nowebgl' ? t('map.noWebgl') : t('map.loading')}
        </p>
      ) : null}
    </div>
  );
}
