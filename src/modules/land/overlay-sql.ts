/**
 * SQL pieces for PostGIS overlays at the 1e-9° grid (see figures.repo.ts).
 * Snap-rounding can leave a collapsed edge as a LINESTRING beside the
 * polygons of a union or difference, and GEOS refuses a mixed-dimension
 * input to the next overlay; so every overlay result passed on is cut back
 * to its polygons, and clipped feature pieces are made valid first.
 */
import { type RawBuilder, sql } from 'kysely';

type G = RawBuilder<unknown>;
export const EMPTY = sql`ST_GeomFromText('MULTIPOLYGON EMPTY', 4326)`;
/** An overlay result cut to one dimension: its polygons (a MultiPolygon, possibly empty). */
export const poly = (g: G) => sql`ST_CollectionExtract(${g}, 3)`;
/** A feature clipped to a piece, made valid and polygonal before any further overlay. */
export const leaf = (g: G, clip: G) => poly(sql`ST_Intersection(${poly(sql`ST_MakeValid(${g})`)}, ${clip}, 1e-9)`);
/**
 * A feature clipped to a piece, as leaf(), skipping the overlay for the
 * common case of a feature inside the piece (the piece repeats row after row,
 * so PostGIS prepares it once for the test).
 */
export const clipped = (g: G, clip: G) => sql`case when not ST_IsValid(${g}) then ${leaf(g, clip)} when ST_CoveredBy(${g}, ${clip}) then ${poly(g)} else ${leaf(g, clip)} end`;
export const union2 = (a: G, b: G) => poly(sql`ST_Union(${a}, ${b}, 1e-9)`);
export const minus = (a: G, b: G) => poly(sql`ST_Difference(${a}, ${b}, 1e-9)`);
/** The union of a column over a group (optionally filtered); empty, not null, over no rows. */
export const unionAgg = (g: G, filter?: G) => sql`coalesce(${poly(filter ? sql`ST_Union(${g}, 1e-9) filter (where ${filter})` : sql`ST_Union(${g}, 1e-9)`)}, ${EMPTY})`;
