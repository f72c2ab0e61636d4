/** Where the portal finds each data set (all served by Berpa itself). */
export const ENDPOINTS = {
  districtsGeo: '/api/v1/areas/geojson?level=district&simplify=0.0005',
  countryOutline: '/geo/az-country.geojson',
  /** The countries around Azerbaijan, drawn as land under it (scripts/gen-neighbours.mjs, Natural Earth). */
  neighbours: '/geo/neighbours.geojson',
  hazardsGeo: '/api/v1/land/hazard-areas/geojson?simplify=0.0002',
  releasesGeo: '/api/v1/land/releases/geojson?simplify=0.0002',
  landSummary: '/api/v1/land/summary',
  landSeries: '/api/v1/land/series',
  /** Projects and budgets per district, money, companies and bids won per partner country (the printable report). */
  statsReport: '/api/v1/stats/report',
  statsProcurement: '/api/v1/stats/procurement',
  projectFacets: '/api/v1/projects?limit=1&facets=true',
  /** Viewport query: server-side grid clusters below zoom 11, single projects from there on. */
  projectsGeo: '/api/v1/geo/projects',
  projectsGeoExport: '/api/v1/projects/export?format=geojson',
  ocdsReleases: '/api/v1/ocds/releases',
  oc4idsProjects: '/api/v1/oc4ids/projects',
};
