import { lazy, Suspense, useState } from 'react';
import { codeLabel, OTHER_COLOUR, SECTOR_COLOURS, STATUS_COLOURS } from '../../app/codes.ts';
import { useI18n } from '../../app/i18n.tsx';
import { PageTitle } from '../../app/ui.tsx';
import type { MessageKey } from '../../i18n/index.ts';
import { LAND_COLOURS } from '../home/charts.tsx';
import { attributionLines } from './attribution.ts';
import { DEFAULT_FILTERS, type MapFilters } from './MapView.tsx';

const MapView = lazy(() => import('./MapView.tsx'));

function Legend({ filters }: { filters: MapFilters }) {
  const { t, lang } = useI18n();
  const table = filters.colourBy === 'sector' ? SECTOR_COLOURS : STATUS_COLOURS;
  return (
    <section className="card" aria-labelledby="legend-h">
      <h2 id="legend-h">{t('map.legend')}</h2>
      <h3>{t('map.land')}</h3>
      <ul className="legend">
        {Object.entries(LAND_COLOURS).map(([k, c]) => (
          <li key={k}>
            <span className="swatch" style={{ background: c, opacity: 0.75 }} aria-hidden="true" />
            {t(`land.${k}` as MessageKey)}
          </li>
        ))}
      </ul>
      <h3>{t('map.projects')}</h3>
      <ul className="legend">
        {Object.entries(table).map(([k, c]) => (
          <li key={k}>
            <span className="swatch round" style={{ background: c }} aria-hidden="true" />
            {codeLabel(lang, filters.colourBy, k)}
          </li>
        ))}
        <li>
          <span className="swatch round" style={{ background: OTHER_COLOUR }} aria-hidden="true" />
          {t('common.more')}
        </li>
        <li>
          <span className="swatch round" style={{ background: '#0b6e4f', width: 18, height: 18 }} aria-hidden="true" />
          {t('map.cluster')}
        </li>
      </ul>
      {/* The page's one credit line: text a screen reader reaches in order and the reader can select, so the canvas shows none (MapView sourcesBeside). */}
      <h3>{t('map.attribution')}</h3>
      {attributionLines(t).map((line) => (
        <p key={line} className="muted" style={{ fontSize: '0.8rem', margin: '0 0 0.3rem' }} data-testid="map-sources">
          {line}
        </p>
      ))}
    </section>
  );
}

export default function MapPage() {
  const { t, lang } = useI18n();
  const [filters, setFilters] = useState<MapFilters>(DEFAULT_FILTERS);
  const [count, setCount] = useState<number | null>(null);
  const upd = (p: Partial<MapFilters>) => setFilters((f) => ({ ...f, ...p }));
  return (
    <div className="page">
      <PageTitle title={t('map.title')}>{t('map.title')}</PageTitle>
      <div className="map-page">
        <div className="map-side">
          <fieldset>
            <legend>{t('map.layers')}</legend>
            <label>
              <input type="checkbox" checked={filters.showDistricts} onChange={(e) => upd({ showDistricts: e.target.checked })} /> {t('map.districts')}
            </label>
            <label>
              <input type="checkbox" checked={filters.showLand} onChange={(e) => upd({ showLand: e.target.checked })} /> {t('map.land')}
            </label>
            <label>
              <input type="checkbox" checked={filters.showProjects} onChange={(e) => upd({ showProjects: e.target.checked })} /> {t('map.projects')}
            </label>
          </fieldset>
          <fieldset>
            <legend>{t('map.filters')}</legend>
            <label>
              <input type="radio" name="colourBy" checked={filters.colourBy === 'sector'} onChange={() => upd({ colourBy: 'sector' })} /> {t('map.colourBy')} {t('map.bySector')}
            </label>
            <label>
              <input type="radio" name="colourBy" checked={filters.colourBy === 'status'} onChange={() => upd({ colourBy: 'status' })} /> {t('map.colourBy')} {t('map.byStatus')}
            </label>
            <label style={{ display: 'grid' }}>
              {t('common.sector')}
              <select value={filters.sector} onChange={(e) => upd({ sector: e.target.value })}>
                <option value="">{t('map.allSectors')}</option>
                {Object.keys(SECTOR_COLOURS).map((k) => (
                  <option key={k} value={k}>
                    {codeLabel(lang, 'sector', k)}
                  </option>
                ))}
              </select>
            </label>
            <label style={{ display: 'grid' }}>
              {t('common.status')}
              <select value={filters.status} onChange={(e) => upd({ status: e.target.value })}>
                <option value="">{t('map.allStatuses')}</option>
                {Object.keys(STATUS_COLOURS).map((k) => (
                  <option key={k} value={k}>
                    {codeLabel(lang, 'status', k)}
                  </option>
                ))}
              </select>
            </label>
          </fieldset>
          {count !== null ? <p className="muted">{t('map.projectCount', { count })}</p> : null}
          <Legend filters={filters} />
        </div>
        <Suspense fallback={<div className="map-box muted">{t('map.loading')}</div>}>
          <MapView filters={filters} onProjectCount={setCount} sourcesBeside />
        </Suspense>
      </div>
    </div>
  );
}
