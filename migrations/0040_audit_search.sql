-- The audit log page searches by actor and by action (newest first), besides entity (audit_event_entity).
create index audit_event_actor on audit_event (actor_user_id, id);
create index audit_event_action on audit_event (action, id);
