-- Usage-aware checks (issue 12, docs/checks.md "Usage-aware checks"): per graph, and optionally per variant, the
-- window and thresholds under which a failing change that nobody (or hardly anybody) used does not fail a check,
-- and the clients and client versions whose usage does not count. `variant` '' holds the graph's settings; a
-- variant's row replaces them for that variant.
CREATE TABLE usage_check_settings (
  graph_id integer NOT NULL REFERENCES graphs (id) ON DELETE CASCADE,
  variant text NOT NULL DEFAULT '',
  period text NOT NULL,
  threshold_requests bigint NOT NULL CHECK (threshold_requests >= 0),
  threshold_percentage double precision NOT NULL CHECK (threshold_percentage >= 0 AND threshold_percentage <= 100),
  excluded_clients text[] NOT NULL DEFAULT '{}',
  -- [{ "client": "demo-app", "version": "1.0" }]
  excluded_client_versions jsonb NOT NULL DEFAULT '[]'::jsonb,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (graph_id, variant)
);

-- The registered (persisted) operation a request ran, by id ('' when it ran none): hubs report it per entry.
ALTER TABLE usage_operation_hours ADD COLUMN persisted_operation_id text NOT NULL DEFAULT '';
ALTER TABLE usage_operation_hours DROP CONSTRAINT usage_operation_hours_pkey;
ALTER TABLE usage_operation_hours
  ADD PRIMARY KEY (variant_id, hash, hour, client_id, verified_client_id, persisted_operation_id);
