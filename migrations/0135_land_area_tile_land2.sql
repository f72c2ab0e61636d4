-- Areas cut into small tiles (at most 128 vertices each, ST_Subdivide), kept
-- in step with area.geom by a trigger. The import's territory checks and the
-- district label test each feature against the few tiles its box meets
-- instead of a whole district or country outline (thousands of vertices,
-- and a different district on almost every feature, so PostGIS's prepared
-- geometry cache does not help). A tile lies inside its area, so "meets a
-- tile" or "covered by a tile" is exact; when no tile settles it the full
-- outline is consulted.
create table area_tile (
  area_id uuid not null references area (id) on delete cascade,
  level text not null,
  code text not null,
  geom geometry(Polygon, 4326) not null
);
create index area_tile_geom on area_tile using gist (geom);
create index area_tile_area on area_tile (area_id);

create function area_tile_refresh() returns trigger language plpgsql as $$
begin
  delete from area_tile where area_id = new.id;
  insert into area_tile (area_id, level, code, geom)
  select new.id, new.level, new.code, t.g from (select (ST_Dump(ST_Subdivide(new.geom, 128))).geom as g) t
  where GeometryType(t.g) = 'POLYGON';
  return null;
end $$;

create trigger area_tile_refresh after insert or update of geom, level, code on area
  for each row execute function area_tile_refresh();

insert into area_tile (area_id, level, code, geom)
select a.id, a.level, a.code, t.g from area a cross join lateral (select (ST_Dump(ST_Subdivide(a.geom, 128))).geom as g) t
where GeometryType(t.g) = 'POLYGON';
