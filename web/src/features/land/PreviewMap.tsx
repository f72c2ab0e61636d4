import type { GeoJSONSource, Map as MLMap } from 'maplibre-gl';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { LandImportPreview } from '../../api/types.ts';
import { useI18n } from '../../app/i18n.tsx';
import { showAttribution } from '../map/attribution.ts';
import * as data from '../map/data.ts';
import { baseStyle, HOME_BOUNDS } from '../map/style.ts';
import { TypedOutline } from './TypedOutline.tsx';

type Preview = LandImportPreview['preview'];

/** A feature whose `action` is "refuse" is drawn red, any other green. */
export const PREVIEW_COLOURS = { ok: '#0b6e4f', refuse: '#b3261e' } as const;

export function Swatch({ colour }: { colour: keyof typeof PREVIEW_COLOURS }) {
  return <span className="swatch" style={{ background: PREVIEW_COLOURS[colour] }} aria-hidden="true" />;
}

declare global {
  interface Window {
    /** The import preview map, for the browser tests. */
    __berpaPreviewMap?: MLMap;
  }
}

/** One record's outline as the map's preview; `action` "refuse" draws it red (a hazardous area), anything else green. */
export function outlineOf(geometry: unknown, label: string, action: 'update' | 'refuse' = 'update'): Preview | null {
  return geometry ? { type: 'FeatureCollection', features: [{ type: 'Feature', id: label, geometry, properties: { label, action, errors: [] } }] } : null;
}

/** Every position of a GeoJSON geometry, for the bounds to fit. */
function positions(g: unknown, out: number[][] = []): number[][] {
  const c = (g as { coordinates?: unknown } | null)?.coordinates;
  const walk = (x: unknown) => {
    if (Array.isArray(x) && typeof x[0] === 'number') out.push(x as number[]);
    else if (Array.isArray(x)) x.forEach(walk);
  };
  walk(c);
  return out;
}

/**
 * The features of an import's dry run on the map, over the districts: green
 * what would be written, red what is refused. The list of errors beside it
 * is the accessible form of the same information; the map is a picture.
 * With `onDraw`, an outline can also be drawn on it (terra-draw's polygon
 * mode: click the corners, click the first one again to close) or typed as
 * coordinates (TypedOutline), which needs no pointer and no WebGL.
 */
export default function PreviewMap({
  preview,
  onDraw,
  caption,
  height = 360,
}: {
  preview: Preview | null;
  onDraw?: (geometry: unknown) => void;
  /** Replaces the import's legend (a record page says what its one colour is); `Swatch` draws the key. */
  caption?: ReactNode;
  height?: number;
}) {
  const { t, lang } = useI18n();
  const tRef = useRef(t);
  tRef.current = t;
  const box = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MLMap | null>(null);
  const libRef = useRef<typeof import('maplibre-gl') | null>(null);
  const drawRef = useRef<{ setMode(m: string): void; clear(): void; stop(): void } | null>(null);
  const onDrawRef = useRef(onDraw);
  onDrawRef.current = onDraw;
  const [ready, setReady] = useState(false);
  const [drawing, setDrawing] = useState(false);
  const [noWebgl, setNoWebgl] = useState(false);

  useEffect(() => {
    let disposed = false;
    void (async () => {
      const [maplibregl, { default: workerUrl }] = await Promise.all([
        import('maplibre-gl'),
        import('maplibre-gl/dist/maplibre-gl-worker.mjs?url'),
        import('maplibre-gl/dist/maplibre-gl.css'),
      ]);
      if (disposed || !box.current) return;
      maplibregl.setWorkerUrl(workerUrl);
      let map: MLMap;
      try {
        map = new maplibregl.Map({ container: box.current, style: baseStyle(), bounds: HOME_BOUNDS, attributionControl: false, maxZoom: 18 });
      } catch {
        setNoWebgl(true);
        return;
      }
      mapRef.current = map;
      libRef.current = maplibregl;
      window.__berpaPreviewMap = map;
      showAttribution(map, maplibregl.AttributionControl, tRef.current);
      map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
      map.on('load', async () => {
        map.addSource('preview', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
        const colour = ['match', ['get', 'action'], 'refuse', PREVIEW_COLOURS.refuse, PREVIEW_COLOURS.ok] as never;
        map.addLayer({ id: 'preview-fill', type: 'fill', source: 'preview', paint: { 'fill-color': colour, 'fill-opacity': 0.45 } });
        map.addLayer({ id: 'preview-line', type: 'line', source: 'preview', paint: { 'line-color': colour, 'line-width': 2 } });
        if (onDrawRef.current) {
          const [{ TerraDraw, TerraDrawPolygonMode, TerraDrawRenderMode }, { TerraDrawMapLibreGLAdapter }] = await Promise.all([
            import('terra-draw'),
            import('terra-draw-maplibre-gl-adapter'),
          ]);
          if (disposed) return;
          const draw = new TerraDraw({
            adapter: new TerraDrawMapLibreGLAdapter({ map }),
            modes: [new TerraDrawPolygonMode(), new TerraDrawRenderMode({ modeName: 'static', styles: {} })],
          });
          draw.start();
          draw.setMode('static');
          draw.on('finish', (id) => {
            const f = draw.getSnapshotFeature(id);
            if (!f) return;
            onDrawRef.current?.(f.geometry);
            setDrawing(false);
            draw.setMode('static');
          });
          drawRef.current = draw;
        }
        setReady(true);
        try {
          void (map.getSource('districts') as GeoJSONSource).setData((await data.loadDistricts()) as never);
        } catch {
          // The outlines are context only; the preview stands without them.
        }
      });
    })();
    return () => {
      disposed = true;
      drawRef.current?.stop();
      drawRef.current = null;
      mapRef.current?.remove();
      mapRef.current = null;
    };
  }, []);

  // A language switch rewrites the credit (the first one is shown when the map is made).
  useEffect(() => {
    const map = mapRef.current;
    if (map && libRef.current) showAttribution(map, libRef.current.AttributionControl, t);
  }, [lang]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    const features = (preview?.features ?? [])
      .filter((f) => f.geometry)
      .map((f) => ({ type: 'Feature', geometry: f.geometry, properties: { action: f.properties.action, label: f.properties.label } }));
    void (map.getSource('preview') as GeoJSONSource).setData({ type: 'FeatureCollection', features } as never);
    const pts = features.flatMap((f) => positions(f.geometry));
    if (pts.length) {
      const xs = pts.map((p) => p[0]);
      const ys = pts.map((p) => p[1]);
      map.fitBounds([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], { padding: 40, maxZoom: 15, duration: 0 });
    }
  }, [preview, ready]);

  return (
    <figure className="map-preview" style={{ margin: 0 }}>
      {onDraw ? (
        <button
          type="button"
          className="btn secondary"
          disabled={!ready || !drawRef.current}
          aria-pressed={drawing}
          data-testid="draw-outline"
          onClick={() => {
            drawRef.current?.clear();
            drawRef.current?.setMode('polygon');
            setDrawing(true);
          }}
        >
          {drawing ? t('land.drawing') : t('land.draw')}
        </button>
      ) : null}
      {onDraw ? (
        <TypedOutline
          onApply={(g) => {
            // A polygon half drawn on the map gives way to the typed one, which then shows as the preview.
            drawRef.current?.clear();
            drawRef.current?.setMode('static');
            setDrawing(false);
            onDrawRef.current?.(g);
          }}
        />
      ) : null}
      <div ref={box} className="map-box" style={{ height }} data-testid="preview-map" data-ready={ready ? 'true' : 'false'} />
      {noWebgl ? <p className="muted">{t('land.noMap')}</p> : null}
      <figcaption className="muted small">
        {caption ?? (
          <>
            {t('land.mapLabel')}: <Swatch colour="ok" /> {t('land.legendOk')}, <Swatch colour="refuse" /> {t('land.legendRefused')}
          </>
        )}
      </figcaption>
    </figure>
  );
}
