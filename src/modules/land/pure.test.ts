import { describe, expect, it } from 'vitest';
import { crsFromName, crsFromWkt } from './crs.ts';
import { readArea, readHazard, readRelease } from './features.ts';
import { monthRange, withDeltas } from './figures.ts';
import { documentSource, formatFromName } from './formats.ts';
import { featureLabel, readAnyGeometry, readFeature, toMultiPolygon } from './geojson.ts';

const sq = [
  [
    [46, 39],
    [46.1, 39],
    [46.1, 39.1],
    [46, 39.1],
    [46, 39],
  ],
];

describe('GeoJSON checks', () => {
  it('wraps a Polygon as a MultiPolygon and refuses other shapes with the reason', () => {
    expect(toMultiPolygon({ type: 'Polygon', coordinates: sq }).geometry).toEqual({ type: 'MultiPolygon', coordinates: [sq] });
    expect(
      toMultiPolygon({
        type: 'LineString',
        coordinates: [
          [0, 0],
          [1, 1],
        ],
      }).error,
    ).toMatch(/only Polygon and MultiPolygon/);
    expect(
      toMultiPolygon({
        type: 'Polygon',
        coordinates: [
          [
            [46, 39],
            [46.1, 39],
            [46.1, 39.1],
            [46, 39],
          ],
        ],
      }).geometry,
    ).toBeDefined();
    expect(
      toMultiPolygon({
        type: 'Polygon',
        coordinates: [
          [
            [46, 39],
            [46.1, 39],
            [46, 39],
          ],
        ],
      }).error,
    ).toMatch(/at least 4/);
    expect(
      toMultiPolygon({
        type: 'Polygon',
        coordinates: [
          [
            [46, 39],
            [46.1, 39],
            [46.1, 39.1],
            [46, 39.2],
          ],
        ],
      }).error,
    ).toMatch(/not closed/);
    expect(
      toMultiPolygon({
        type: 'Polygon',
        coordinates: [
          [
            [200, 39],
            [46.1, 39],
            [46.1, 39.1],
            [200, 39],
          ],
        ],
      }).error,
    ).toMatch(/outside longitude/);
    expect(
      toMultiPolygon({
        type: 'Polygon',
        coordinates: [
          [
            [46, '39'],
            [46.1, 39],
            [46.1, 39.1],
            [46, 39],
          ],
        ],
      }).error,
    ).toMatch(/not a position/);
    expect(toMultiPolygon({ type: 'MultiPolygon', coordinates: [] }).error).toMatch(/empty/);
  });

  it('reads a legacy crs member: WGS 84 names as they are, other EPSG codes reprojected, unknown ones refused', () => {
    expect(documentSource({ type: 'FeatureCollection', features: [] }).crs).toBe('EPSG:4326');
    expect(documentSource({ type: 'FeatureCollection', features: [], crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } } }).crs).toBe('EPSG:4326');
    expect(documentSource({ type: 'FeatureCollection', features: [], crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } } }).crs).toBe('EPSG:3857');
    expect(() => documentSource({ type: 'FeatureCollection', features: [], crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::99999' } } })).toThrow(/EPSG:99999/);
    expect(() => documentSource({ type: 'FeatureCollection', features: [], crs: { type: 'link', properties: { href: 'x' } } })).toThrow(/not understood/);
    expect(() => documentSource([])).toThrow(/not a GeoJSON object/);
  });

  it('labels features by index and id, and drops altitudes', () => {
    expect(readFeature(0, { type: 'Feature', id: 'A', properties: {}, geometry: null }).errors.map((e) => e.field)).toEqual(['features[0] (id A).geometry']);
    expect(readFeature(1, { type: 'Nope' }).errors.map((e) => e.field)).toEqual(['features[1]']);
    const z = readFeature(2, {
      type: 'Feature',
      properties: {},
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [46, 39, 120],
            [46.1, 39, 130],
            [46.1, 39.1, 125],
            [46, 39, 120],
          ],
        ],
      },
    });
    expect(z.feature!.geometry.coordinates[0][0]).toEqual([
      [46, 39],
      [46.1, 39],
      [46.1, 39.1],
      [46, 39],
    ]);
    expect(readFeature(3, { type: 'Feature', properties: { name: 'Ag\uFFFDdam' }, geometry: { type: 'Polygon', coordinates: sq } }).errors[0]).toMatchObject({
      field: 'features[3].properties.name',
    });
  });

  it('reads any geometry for the safety gate, refusing non-JSON and unknown types', () => {
    expect(readAnyGeometry('{"type":"Point","coordinates":[46,39]}').geometry).toBeDefined();
    expect(readAnyGeometry('{"type":"Feature","geometry":{"type":"Point","coordinates":[46,39]}}').geometry).toEqual({ type: 'Point', coordinates: [46, 39] });
    expect(readAnyGeometry('{').error).toMatch(/JSON/);
    expect(readAnyGeometry('{"type":"Point","coordinates":[46]}').error).toMatch(/position/);
    expect(readAnyGeometry('{"type":"GeometryCollection","geometries":[]}').error).toMatch(/GeometryCollection/);
  });
});

describe('feature attributes', () => {
  const f = (properties: Record<string, unknown>) => ({ label: 'features[0]', properties, geometry: { type: 'MultiPolygon' as const, coordinates: [sq] } });

  it('reads hazards with short Shapefile-style aliases', () => {
    const errors: { field: string; message: string }[] = [];
    expect(readHazard(f({ REF: 'H-1', CLASS: 'cha', HAZ_TYPES: 'AP;AV;cm', RECORDED: '2021-02-03' }), errors)).toMatchObject({
      reference: 'H-1',
      classification: 'CHA',
      hazardTypes: ['ap_mines', 'av_mines', 'cluster_munitions'],
      recordedOn: '2021-02-03',
    });
    expect(errors).toEqual([]);
    readHazard(f({ reference: 'H-2', classification: 'SHA', hazard_types: 'ap,nukes', recorded_on: '2021-02-29' }), errors);
    expect(errors.map((e) => e.field)).toEqual(['features[0].properties.hazard_types', 'features[0].properties.recorded_on']);
  });

  it('reads releases with methods, dates and devices', () => {
    const errors: { field: string; message: string }[] = [];
    const r = readRelease(
      f({
        reference: 'R',
        method: 'TS',
        started_on: '2022-01-01',
        completed_on: '2022-02-01',
        devices: JSON.stringify([{ category: 'ap_mine', condition: 'removed', position: [46.05, 39.05] }]),
      }),
      errors,
    );
    expect(r).toMatchObject({ method: 'technical_survey', devices: [{ category: 'ap_mine', quantity: 1, position: [46.05, 39.05] }] });
    readRelease(f({ reference: 'R', method: 'bulldozer', started_on: '2022-01-01', completed_on: '2022-02-01', devices: [{ category: 'tank', condition: 'removed' }] }), errors);
    expect(errors.map((e) => e.field)).toEqual(['features[0].properties.method', 'features[0].properties.devices[0].category']);
    const e2: typeof errors = [];
    readRelease(f({ reference: 'R', method: 'clearance', started_on: '2022-03-01', completed_on: '2022-02-01', clearance_depth_cm: -3 }), e2);
    expect(e2.map((e) => e.field)).toEqual(['features[0].properties.started_on', 'features[0].properties.clearance_depth_cm']);
  });

  it('reads areas and requires a code and a name', () => {
    const errors: { field: string; message: string }[] = [];
    expect(readArea(f({ code: 'AZ-AGM', name_az: 'Ağdam', name_ko: '아그담' }), errors)).toMatchObject({ level: 'district', name: { az: 'Ağdam', ko: '아그담' } });
    readArea(f({ code: 'bad code!', level: 'province' }), errors);
    expect(errors.map((e) => e.field)).toEqual(['features[0].properties.code', 'features[0].properties.level', 'features[0].properties.name_en']);
  });
});

describe('formats', () => {
  it('tells the format from the name', () => {
    expect(formatFromName('A.GeoJSON')).toBe('geojson');
    expect(formatFromName('x.kml')).toBe('kml');
    expect(formatFromName('x.kmz')).toBe('kmz');
    expect(formatFromName('x.zip')).toBe('shapefile');
    expect(formatFromName('x.gpkg')).toBe('geopackage');
    expect(formatFromName('x.dwg')).toBeNull();
  });

  it('reads .prj WKT and EPSG codes, refusing what it cannot understand', () => {
    expect(
      crsFromWkt('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["Degree",0.0174532925199433]]', 'a.prj')
        .transform,
    ).toBeNull();
    expect(() => crsFromWkt('PROJCS["WGS 84 / UTM zone 38N",GEOGCS["WGS 84"]]', 'a.prj')).toThrow(/a\.prj cannot be understood/);
    expect(() => crsFromWkt('hello', 'b.prj')).toThrow(/b\.prj/);
    expect(crsFromName('EPSG:28409').label).toBe('EPSG:28409');
    expect(crsFromName('http://www.opengis.net/def/crs/EPSG/0/32639').label).toBe('EPSG:32639');
    // ESRI names Pulkovo GK zones without an EPSG code: the bundled definition (with its datum shift) is used.
    expect(
      crsFromWkt(
        'PROJCS["Pulkovo_1942_GK_Zone_8",GEOGCS["GCS_Pulkovo_1942",DATUM["D_Pulkovo_1942",SPHEROID["Krasovsky_1940",6378245.0,298.3]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",8500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",45.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]',
        'gk.prj',
      ).label,
    ).toBe('EPSG:28408');
  });
});

describe('figures arithmetic', () => {
  it('computes each row as a change since the previous row of its piece', () => {
    const z = { hazardousKm2: 0, cancelledKm2: 0, reducedKm2: 0, clearedKm2: 0 };
    const rows = withDeltas(
      [
        { districtId: 'a', month: '2022-03-01', ...z, hazardousKm2: 5, clearedKm2: 2 },
        { districtId: 'a', month: '2022-01-01', ...z, hazardousKm2: 7 },
        { districtId: 'b', month: '2022-01-01', ...z, hazardousKm2: 1 },
      ],
      new Map([['b', { ...z, hazardousKm2: 4 }]]),
    );
    expect(rows.map((r) => [r.districtId, r.month, r.d.hazardousKm2, r.d.clearedKm2])).toEqual([
      ['a', '2022-01-01', 7, 0],
      ['a', '2022-03-01', -2, 2],
      ['b', '2022-01-01', -3, 0],
    ]);
  });

  it('lists months across a year end', () => {
    expect(monthRange('2021-11-01', '2022-02-01')).toEqual(['2021-11-01', '2021-12-01', '2022-01-01', '2022-02-01']);
    expect(monthRange('2022-02-01', '2021-01-01')).toEqual([]);
  });
});

describe('feature labels in error fields', () => {
  it('name the feature by its id, with control characters escaped and the length bounded', () => {
    expect(featureLabel(3, { id: 'HA-12', properties: {} })).toBe('features[3] (id HA-12)');
    expect(featureLabel(0, { properties: { reference: '\u0000\r F' } })).toBe('features[0] (id \\u0000\\r F)');
    expect(featureLabel(1, { properties: { reference: 'x'.repeat(200) } })).toBe(`features[1] (id ${'x'.repeat(80)}…)`);
    expect(featureLabel(2, { properties: {} })).toBe('features[2]');
  });
});
