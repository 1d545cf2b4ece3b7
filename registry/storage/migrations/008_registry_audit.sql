-- Registry-level audit entries: what outlives a graph (audit_log rows go with their graph). Deleting a graph or a
-- variant is recorded here, by name, so that who deleted it, when and why can still be read, and a hub polling a
-- deleted graph is told so.
CREATE TABLE registry_audit_log (
  id bigserial PRIMARY KEY,
  action text NOT NULL,
  graph text,
  variant text,
  actor text NOT NULL,
  reason text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX registry_audit_log_graph ON registry_audit_log (graph, variant, id);
