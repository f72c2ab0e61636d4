-- What the Land module publishes for other modules to read (projects: area
-- codes of imported rows, and the country outline a project site must lie in).

create view area_summary as
  select a.id, a.code, a.level, a.parent_id, a.geom
  from area a;
