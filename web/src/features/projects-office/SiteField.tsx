import type { GeoJSONSource, Map as MLMap } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import type { TerraDraw } from 'terra-draw';
import type { SiteFile } from '../../api/types.ts';
import { ApiError, upload } from '../../app/api.ts';
import { ENDPOINTS } from '../../app/endpoints.ts';
import { useI18n } from '../../app/i18n.tsx';
import { problemLine, problemText } from '../../app/problem-text.ts';
import { baseStyle, HOME_BOUNDS } from '../map/style.ts';

type Site = SiteFile['site'];

declare global {
  interface Window {
    /** The site map of the project form, for the browser tests. */
    __berpaSiteMap?: MLMap;
  }
}

/** Fit the map to a site's polygons. */
function boundsOf(site: { coordinates: number[][][][] }): [number, number, number, number] {
  let [x0, y0, x1, y1] = [180, 90, -180, -90];
  for (const poly of site.coordinates) for (const [x, y] of poly[0]) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  return [x0, y0, x1, y1];
}

/**
 * The site of a project: drawn on the map (terra-draw's polygon mode on
 * MapLibre: click the corners, click the first one or press Enter to close)
 * or uploaded as GeoJSON, KML/KMZ, a zipped Shapefile or a GeoPackage. Both
 * go through the server's site reader (POST /api/v1/projects/site-file), so a
 * drawn site is checked by the same rules as a file and its district is
 * named before anything is saved.
 */
export function SiteField({ site, error, onSite }: { site: Site | null; error?: string; onSite: (r: SiteFile | null) => void }) {
  const { t, lang } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MLMap | null>(null);
  const drawRef = useRef<TerraDraw | null>(null);
  const [mapState, setMapState] = useState<'loading' | 'ready' | 'nowebgl'>('loading');
  const [drawing, setDrawing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const siteRef = useRef(site);
  siteRef.current = site;
  const onSiteRef = useRef(onSite);
  onSiteRef.current = onSite;

  const read = async (file: Blob, name: string) => {
    setBusy(true);
    setProblem(null);
    try {
      const form = new FormData();
      form.append('file', file, name);
      onSiteRef.current(await upload<SiteFile>('/api/v1/projects/site-file', form));
    } catch (e) {
      setProblem(e instanceof ApiError && e.errors[0] ? `${problemText(t, lang, e).text}: ${e.errors[0].message}` : problemLine(t, lang, e));
    } finally {
      setBusy(false);
    }
  };
  const readRef = useRef(read);
  readRef.current = read;

  useEffect(() => {
    let disposed = false;
    void (async () => {
      const [maplibregl, { default: workerUrl }, td, { TerraDrawMapLibreGLAdapter }] = await Promise.all([
        import('maplibre-gl'),
        import('maplibre-gl/dist/maplibre-gl-worker.mjs?url'),
        import('terra-draw'),
        import('terra-draw-maplibre-gl-adapter'),
        import('maplibre-gl/dist/maplibre-gl.css'),
      ]);
      if (disposed || !box.current) return;
      maplibregl.setWorkerUrl(workerUrl);
      let map: MLMap;
      try {
        map = new maplibregl.Map({
          container: box.current,
          style: baseStyle(),
          bounds: siteRef.current ? boundsOf(siteRef.current) : HOME_BOUNDS,
          fitBoundsOptions: { padding: 40, maxZoom: 15 },
          attributionControl: false,
          maxZoom: 17,
        });
      } catch {
        setMapState('nowebgl');
        return;
      }
      mapRef.current = map;
      window.__berpaSiteMap = map;
      map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
      map.on('load', () => {
        if (disposed) return;
        // The districts and the country outline, so a site is drawn where it belongs.
        void (map.getSource('districts') as GeoJSONSource).setData(ENDPOINTS.districtsGeo);
        void (map.getSource('country') as GeoJSONSource).setData(ENDPOINTS.countryOutline);
        map.addSource('site', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
        map.addLayer({ id: 'site-fill', type: 'fill', source: 'site', paint: { 'fill-color': '#0b6e4f', 'fill-opacity': 0.25 } });
        map.addLayer({ id: 'site-line', type: 'line', source: 'site', paint: { 'line-color': '#0b6e4f', 'line-width': 2 } });
        const draw = new td.TerraDraw({ adapter: new TerraDrawMapLibreGLAdapter({ map }), modes: [new td.TerraDrawPolygonMode()] });
        draw.start();
        draw.on('finish', (id) => {
          const f = draw.getSnapshotFeature(id);
          draw.clear();
          draw.setMode('static');
          setDrawing(false);
          if (!f || f.geometry.type !== 'Polygon') return;
          const doc = JSON.stringify({ type: 'Feature', properties: {}, geometry: f.geometry });
          void readRef.current(new Blob([doc], { type: 'application/geo+json' }), 'drawn-site.geojson');
        });
        drawRef.current = draw;
        setMapState('ready');
      });
    })();
    return () => {
      disposed = true;
      drawRef.current?.stop();
      mapRef.current?.remove();
      mapRef.current = null;
      drawRef.current = null;
      if (window.__berpaSiteMap) delete window.__berpaSiteMap;
    };
  }, []);

  // The saved or uploaded site, shown as a layer; a new drawing replaces it.
  useEffect(() => {
    const map = mapRef.current;
    const src = map?.getSource('site') as GeoJSONSource | undefined;
    if (!map || !src) return;
    void src.setData({ type: 'FeatureCollection', features: site ? [{ type: 'Feature', properties: {}, geometry: site }] : [] });
    if (site) map.fitBounds(boundsOf(site), { padding: 40, maxZoom: 15, duration: 0 });
  }, [site, mapState]);

  const startDrawing = () => {
    drawRef.current?.setMode('polygon');
    setDrawing(true);
    setProblem(null);
  };
  const cancelDrawing = () => {
    drawRef.current?.clear();
    drawRef.current?.setMode('static');
    setDrawing(false);
  };
  const shown = problem ?? error;
  return (
    <fieldset className="site-field">
      <legend>{t('po.site')}</legend>
      <p id="site-help" className="muted">
        {t('po.siteHelp')}
      </p>
      {/* MapLibre adds its own classes to the map's element: React must never rewrite its className, so the drawing state sits on a wrapper. */}
      <div className={`site-map-frame${drawing ? ' drawing' : ''}`}>
        <div ref={box} className="site-map" role="region" aria-label={t('po.siteMap')} aria-describedby="site-help" data-testid="site-map" data-state={mapState} />
      </div>
      {mapState === 'nowebgl' ? <p className="muted">{t('po.noMap')}</p> : null}
      <div className="actions">
        {drawing ? (
          <button type="button" className="btn ghost small" onClick={cancelDrawing}>
            {t('po.cancelDrawing')}
          </button>
        ) : (
          <button type="button" className="btn ghost small" onClick={startDrawing} disabled={mapState !== 'ready' || busy} data-testid="draw-site">
            {site ? t('po.redraw') : t('po.draw')}
          </button>
        )}
        {site ? (
          <button type="button" className="btn ghost small" onClick={() => onSite(null)}>
            {t('po.clearSite')}
          </button>
        ) : null}
      </div>
      {drawing ? (
        <p className="notice" role="status">
          {t('po.drawingHint')}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor="site-file">{t('po.siteFile')}</label>
        <input
          id="site-file"
          type="file"
          accept=".geojson,.json,.kml,.kmz,.zip,.gpkg"
          aria-invalid={!!shown}
          aria-describedby={shown ? 'site-file-err' : undefined}
          disabled={busy}
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void read(f, f.name);
            e.target.value = '';
          }}
        />
        <small className="muted">{t('po.siteFormats')}</small>
        {busy ? (
          <small role="status" className="muted">
            {t('po.reading')}
          </small>
        ) : null}
        {shown ? (
          <small id="site-file-err" className="field-error" data-field="/site">
            {shown}
          </small>
        ) : null}
      </div>
    </fieldset>
  );
}
