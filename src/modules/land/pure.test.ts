import { describe, expect, it } from 'vitest';
import { readArea, readHazard, readRelease } from './features.ts';
import { monthRange, withDeltas } from './figures.ts';
import { formatFromName, isWgs84Prj } from './formats.ts';
import { checkDeclaredCrs, readAnyGeometry, readFeatureCollection, toMultiPolygon } from './geojson.ts';

const sq = [[[46, 39], [46.1, 39], [46.1, 39.1], [46, 39.1], [46, 39]]];

describe('GeoJSON checks', () => {
  it('wraps a Polygon as a MultiPolygon and refuses other shapes with the reason', () => {
    expect(toMultiPolygon({ type: 'Polygon', coordinates: sq }).geometry).toEqual({ type: 'MultiPolygon', coordinates: [sq] });
    expect(toMultiPolygon({ type: 'LineString', coordinates: [[0, 0], [1, 1]] }).error).toMatch(/only Polygon and MultiPolygon/);
    expect(toMultiPolygon({ type: 'Polygon', coordinates: [[[46, 39], [46.1, 39], [46.1, 39.1], [46, 39]]] }).geometry).toBeDefined();
    expect(toMultiPolygon({ type: 'Polygon', coordinates: [[[46, 39], [46.1, 39], [46, 39]]] }).error).toMatch(/at least 4/);
    expect(toMultiPolygon({ type: 'Polygon', coordinates: [[[46, 39], [46.1, 39], [46.1, 39.1], [46, 39.2]]] }).error).toMatch(/not closed/);
    expect(toMultiPolygon({ type: 'Polygon', coordinates: [[[200, 39], [46.1, 39], [46.1, 39.1], [200, 39]]] }).error).toMatch(/outside longitude/);
    expect(toMultiPolygon({ type: 'Polygon', coordinates: [[[46, '39'], [46.1, 39], [46.1, 39.1], [46, 39]]] }).error).toMatch(/not a position/);
    expect(toMultiPolygon({ type: 'MultiPolygon', coordinates: [] }).error).toMatch(/empty/);
  });

  it('accepts only WGS84 in a legacy crs member', () => {
    expect(checkDeclaredCrs({})).toBeNull();
    expect(checkDeclaredCrs({ crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } } })).toBeNull();
    expect(checkDeclaredCrs({ crs: { type: 'name', properties: { name: 'EPSG:4326' } } })).toBeNull();
    expect(checkDeclaredCrs({ crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } } })).toMatch(/only WGS84/);
  });

  it('labels features by index and id', () => {
    const r = readFeatureCollection({ type: 'FeatureCollection', features: [{ type: 'Feature', id: 'A', properties: {}, geometry: null }, { type: 'Nope' }] });
    expect(r.errors.map((e) => e.field)).toEqual(['features[0] (id A).geometry', 'features[1]']);
    expect(readFeatureCollection([]).errors[0].message).toMatch(/not a GeoJSON object/);
    expect(readFeatureCollection({ type: 'FeatureCollection', features: [] }).errors[0].message).toBe('is empty');
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
    expect(readHazard(f({ REF: 'H-1', CLASS: 'cha', HAZ_TYPES: 'AP;AV;cm', RECORDED: '2021-02-03' }), errors)).toMatchObject({ reference: 'H-1', classification: 'CHA', hazardTypes: ['ap_mines', 'av_mines', 'cluster_munitions'], recordedOn: '2021-02-03' });
    expect(errors).toEqual([]);
    readHazard(f({ reference: 'H-2', classification: 'SHA', hazard_types: 'ap,nukes', recorded_on: '2021-02-29' }), errors);
    expect(errors.map((e) => e.field)).toEqual(['features[0].properties.hazard_types', 'features[0].properties.recorded_on']);
  });

  it('reads releases with methods, dates and devices', () => {
    const errors: { field: string; message: string }[] = [];
    const r = readRelease(f({ reference: 'R', method: 'TS', started_on: '2022-01-01', completed_on: '2022-02-01', devices: JSON.stringify([{ category: 'ap_mine', condition: 'removed', position: [46.05, 39.05] }]) }), errors);
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
  it('tells the format from the name and accepts only a geographic WGS84 .prj', () => {
    expect(formatFromName('A.GeoJSON')).toBe('geojson');
    expect(formatFromName('x.kml')).toBe('kml');
    expect(formatFromName('x.zip')).toBe('shapefile');
    expect(formatFromName('x.kmz')).toBeNull();
    expect(isWgs84Prj('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["Degree",0.0174532925199433]]')).toBe(true);
    expect(isWgs84Prj('GEOGCS["Pulkovo 1942",DATUM["Pulkovo_1942",SPHEROID["Krassowsky 1940",6378245,298.3]]]')).toBe(false);
    expect(isWgs84Prj('PROJCS["WGS 84 / UTM zone 38N",GEOGCS["WGS 84"]]')).toBe(false);
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
