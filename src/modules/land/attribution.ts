/**
 * The licence of the demo boundaries (data-assets/boundaries/, CC BY-SA 3.0)
 * requires this line wherever the map shows them. The areas GeoJSON carries
 * it too, so that any client drawing the layer can show it.
 */
export const BOUNDARY_ATTRIBUTION =
  'District boundaries: geoBoundaries (Runfola et al. 2020, doi:10.1371/journal.pone.0231866), AZE ADM2 derived from Wikipedia / Wikimedia Commons contributors, CC BY-SA 3.0. Modified.';

export const BOUNDARY_LICENCE_URL = 'https://creativecommons.org/licenses/by-sa/3.0/';
