-- Tender ↔ project links point at real projects (the project table arrived in 0300).
alter table tender_project add constraint tender_project_project_fk foreign key (project_id) references project (id);
