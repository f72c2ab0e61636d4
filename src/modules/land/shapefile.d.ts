// The `shapefile` package ships no types; this is the part we use.
declare module 'shapefile' {
  export function read(
    shp: ArrayBuffer | Uint8Array,
    dbf?: ArrayBuffer | Uint8Array,
    options?: { encoding?: string },
  ): Promise<{ type: 'FeatureCollection'; features: unknown[]; bbox?: number[] }>;
}
