import type { GeoJSONSource, MapGeoJSONFeature, Map as MLMap } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../app/api.ts';
import { codeLabel } from '../../app/codes.ts';
import { useI18n } from '../../app/i18n.tsx';
import { navigate } from '../../app/router.tsx';
import { type Lang, pickLocalized } from '../../i18n/index.ts';
import { showAttribution } from './attribution.ts';
import * as data from './data.ts';
import { baseStyle, type ColourBy, HOME_BOUNDS, projectColour } from './style.ts';

export interface MapFilters {
  colourBy: ColourBy;
  sector: string;
  status: string;
  showDistricts: boolean;
  showLand: boolean;
  showProjects: boolean;
}
export const DEFAULT_FILTERS: MapFilters = { colourBy: 'sector', sector: '', status: '', showDistricts: true, showLand: true, showProjects: true };

declare global {
  interface Window {
    /** The live map, for the browser tests and the benchmark. */
    __berpaMap?: MLMap;
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function projectTitle(raw: unknown, lang: Lang): string {
  if (typeof raw === 'string' && raw.startsWith('{')) {
    try {
      return pickLocalized(JSON.parse(raw), lang);
    } catch {
      return raw;
    }
  }
  return pickLocalized(raw, lang);
}

/**
 * The programme map. maplibre-gl is imported here dynamically, so it is its
 * own chunk and the rest of the page never waits for it.
 */
export default function MapView({
  compact = false,
  filters = DEFAULT_FILTERS,
  onProjectCount,
  focus,
  sourcesBeside = false,
}: {
  compact?: boolean;
  filters?: MapFilters;
  onProjectCount?: (n: number) => void;
  /** Centre on this [lon, lat] (a project's location) instead of the whole programme. */
  focus?: [number, number] | null;
  /** The page lists the map's sources as text of its own (the map page's legend), so the canvas does not repeat them. */
  sourcesBeside?: boolean;
}) {
  const { t, lang } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MLMap | null>(null);
  const libRef = useRef<typeof import('maplibre-gl') | null>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | 'nowebgl' | 'error'>('loading');
  const langRef = useRef(lang);
  langRef.current = lang;
  const tRef = useRef(t);
  tRef.current = t;

  useEffect(() => {
    let disposed = false;
    (async () => {
      const [maplibregl, { default: workerUrl }] = await Promise.all([
        import('maplibre-gl'),
        import('maplibre-gl/dist/maplibre-gl-worker.mjs?url'),
        import('maplibre-gl/dist/maplibre-gl.css'),
      ]);
      if (disposed || !box.current) return;
      maplibregl.setWorkerUrl(workerUrl);
      let map: MLMap;
      try {
        map = new maplibregl.Map({
          container: box.current,
          style: baseStyle(),
          ...(focus ? { center: focus, zoom: 12 } : { bounds: HOME_BOUNDS }),
          attributionControl: false,
          cooperativeGestures: compact,
          maxZoom: 16,
        });
      } catch {
        setStatus('nowebgl');
        return;
      }
      mapRef.current = map;
      libRef.current = maplibregl;
      window.__berpaMap = map;
      if (!sourcesBeside) showAttribution(map, maplibregl.AttributionControl, tRef.current);
      map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
      // Projects follow the view: the server clusters on a grid when zoomed out, sends single projects when zoomed in.
      let inflight: AbortController | null = null;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let fetched: { w: number; s: number; e: number; n: number; z: number } | null = null;
      const refreshProjects = () => {
        const b = map.getBounds();
        const z = Math.floor(map.getZoom());
        // Panning inside the area already fetched (half a screen around the view) at the same zoom needs no new data.
        if (fetched && fetched.z === z && b.getWest() >= fetched.w && b.getEast() <= fetched.e && b.getSouth() >= fetched.s && b.getNorth() <= fetched.n) return;
        clearTimeout(timer);
        timer = setTimeout(async () => {
          inflight?.abort();
          const ac = (inflight = new AbortController());
          const v = map.getBounds();
          const padX = (v.getEast() - v.getWest()) * 0.5;
          const padY = (v.getNorth() - v.getSouth()) * 0.5;
          const area: [number, number, number, number] = [v.getWest() - padX, v.getSouth() - padY, v.getEast() + padX, v.getNorth() + padY];
          const zoom = Math.floor(map.getZoom());
          let fc: data.FC;
          try {
            fc = await data.loadProjects(area, zoom, ac.signal);
          } catch {
            // A newer view aborted this one, or the API failed: the next move asks again.
            return;
          }
          if (disposed || ac.signal.aborted) return;
          fetched = { w: area[0], s: area[1], e: area[2], n: area[3], z: zoom };
          // setData's promise settles when the worker has the data; failures surface as map 'error' events.
          void (map.getSource('projects') as GeoJSONSource | undefined)?.setData(fc as never);
          onProjectCount?.(fc.features.reduce((n, f) => n + Number(f.properties?._count ?? 1), 0));
          map.once('idle', () => box.current?.setAttribute('data-map-ready', 'true'));
        }, 250);
      };
      map.on('load', async () => {
        const set = (id: string, fc: data.FC) => void (map.getSource(id) as GeoJSONSource | undefined)?.setData(fc as never);
        const base = await Promise.all([data.loadCountry(), data.loadDistricts()]).catch(() => null);
        if (disposed) return;
        if (!base) return setStatus('error');
        const [country, districts] = base;
        set('country', country);
        set('districts', districts);
        setStatus('ready');
        refreshProjects();
        map.on('moveend', refreshProjects);
        const land = await data.loadLand().catch(() => null);
        if (disposed || !land) return;
        set('land', land);
      });
      map.on('click', 'clusters', async (e) => {
        const f = e.features?.[0];
        if (!f) return;
        const center = (f.geometry as unknown as { coordinates: [number, number] }).coordinates;
        const zoom =
          f.properties.cluster_id !== undefined ? await (map.getSource('projects') as GeoJSONSource).getClusterExpansionZoom(f.properties.cluster_id as number) : map.getZoom() + 2;
        map.easeTo({ center, zoom });
      });
      map.on('click', 'project-points', (e) => {
        const f = e.features?.[0] as MapGeoJSONFeature | undefined;
        if (!f) return;
        const p = f.properties;
        const tr = tRef.current;
        const l = langRef.current;
        const sector = String(p._sector ?? '');
        const title = projectTitle(p.title, l) || String(p.code ?? p.id);
        const html = (name: string) =>
          `<h3>${escapeHtml(name)}</h3><p>${escapeHtml(tr('common.sector'))}: ${escapeHtml(codeLabel(l, 'sector', sector))}<br>${escapeHtml(tr('common.status'))}: ${escapeHtml(codeLabel(l, 'status', String(p._status ?? '')))}</p><a href="/projects/${encodeURIComponent(String(p.id))}" data-project-link>${escapeHtml(tr('map.openProject'))}</a>`;
        const popup = new maplibregl.Popup({ maxWidth: '300px', focusAfterOpen: true }).setLngLat(e.lngLat).setHTML(html(title)).addTo(map);
        popup.getElement()?.addEventListener('click', (ev: Event) => {
          const a = (ev.target as HTMLElement).closest('a[data-project-link]');
          if (!a) return;
          ev.preventDefault();
          navigate(a.getAttribute('href')!);
        });
        // A lone project inside a server grid cell carries only its id: fetch its title.
        if (!p.title && p.id)
          api<{ title?: unknown }>(`/api/v1/projects/${encodeURIComponent(String(p.id))}`)
            .then((x) => popup.isOpen() && popup.setHTML(html(pickLocalized(x.title, langRef.current) || title)))
            .catch(() => {});
      });
      // A hazardous area or release under the click, unless a project is there too (its popup wins): a link to the record.
      map.on('click', 'land-fill', (e) => {
        if (map.queryRenderedFeatures(e.point, { layers: ['clusters', 'project-points'] }).length) return;
        const p = e.features?.[0]?.properties;
        if (!p?.id || (p._record !== 'hazards' && p._record !== 'releases')) return;
        const tr = tRef.current;
        const ref = String(p.reference ?? '');
        const heading = p._record === 'hazards' ? tr('landrec.hazardTitle', { ref }) : tr('landrec.releaseTitle', { ref });
        const href = `/land/${p._record}/${encodeURIComponent(String(p.id))}`;
        const popup = new maplibregl.Popup({ maxWidth: '300px', focusAfterOpen: true })
          .setLngLat(e.lngLat)
          .setHTML(`<h3>${escapeHtml(heading)}</h3>${p.name ? `<p>${escapeHtml(String(p.name))}</p>` : ''}<a href="${href}" data-record-link>${escapeHtml(tr('landrec.open'))}</a>`)
          .addTo(map);
        popup.getElement()?.addEventListener('click', (ev: Event) => {
          if (!(ev.target as HTMLElement).closest('a[data-record-link]')) return;
          ev.preventDefault();
          navigate(href);
        });
      });
      for (const layer of ['clusters', 'project-points', 'land-fill']) {
        map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
        map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
      }
    })().catch(() => !disposed && setStatus('nowebgl'));
    return () => {
      disposed = true;
      mapRef.current?.remove();
      mapRef.current = null;
      if (window.__berpaMap) delete window.__berpaMap;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // A language switch rewrites the credit on the canvas (the first one is shown when the map is made).
  useEffect(() => {
    const map = mapRef.current;
    if (map && libRef.current && !sourcesBeside) showAttribution(map, libRef.current.AttributionControl, t);
  }, [lang]);

  // Filters change paint and filter expressions only; the data stays loaded.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || status !== 'ready') return;
    const vis = (on: boolean) => (on ? 'visible' : 'none');
    map.setLayoutProperty('districts-line', 'visibility', vis(filters.showDistricts));
    map.setLayoutProperty('districts-fill', 'visibility', vis(filters.showDistricts));
    map.setLayoutProperty('land-fill', 'visibility', vis(filters.showLand));
    map.setLayoutProperty('clusters', 'visibility', vis(filters.showProjects));
    map.setLayoutProperty('project-points', 'visibility', vis(filters.showProjects));
    map.setPaintProperty('project-points', 'circle-color', projectColour(filters.colourBy));
    const conds: unknown[] = [
      ['!', ['has', 'point_count']],
      ['!=', ['get', '_srv'], true],
    ];
    if (filters.sector) conds.push(['==', ['get', '_sector'], filters.sector]);
    if (filters.status) conds.push(['==', ['get', '_status'], filters.status]);
    map.setFilter('project-points', ['all', ...conds] as never);
  }, [filters, status]);

  return (
    <div className="map-wrap">
      <div ref={box} className="map-box" role="region" aria-label={t('map.label')} data-testid="map" />
      {status !== 'ready' ? (
        <p className="map-status" role="status">
          {status === 'nowebgl' ? t('map.noWebgl') : status === 'error' ? t('common.error') : t('map.loading')}
        </p>
      ) : null}
    </div>
  );
}
