-- Client records: per graph, how a client application is recognised and how much of the graph it may use (request
-- rate, cost budget, per-operation overrides, persisted-operation mode). Hubs fetch a graph's whole set.
-- The reserved records `default` (authenticated clients without a record) and `anonymous` (callers without a token
-- and no address record) exist without a row, with documented values; a row holds them once they are changed.

CREATE TABLE client_records (
  graph_id integer NOT NULL REFERENCES graphs (id) ON DELETE CASCADE,
  id text NOT NULL,
  display_name text NOT NULL,
  -- { kind: 'client-id', clientIds: [...] } | { kind: 'remote-address', addresses: [...] } | { kind: 'default' }
  -- | { kind: 'anonymous' }
  recognition jsonb NOT NULL,
  tier text,
  -- { requests, windowSeconds, burst? }; NULL: no request rate.
  rate jsonb,
  -- { points, windowSeconds }; NULL: no cost budget.
  budget jsonb,
  -- { maxCost?, maxDepth? }
  overrides jsonb NOT NULL DEFAULT '{}'::jsonb,
  persisted_operations text NOT NULL DEFAULT 'off' CHECK (persisted_operations IN ('off', 'audit', 'enforce')),
  -- 1 on creation, one more on every update.
  version integer NOT NULL CHECK (version > 0),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (graph_id, id)
);

-- What recognises a record: each OIDC client id, and each remote address range (canonical CIDR text), belongs to at
-- most one record of a graph. The primary key is what refuses a second record for the same key, even when two
-- registries write at once.
CREATE TABLE client_record_keys (
  graph_id integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('client-id', 'remote-address')),
  value text NOT NULL,
  record_id text NOT NULL,
  PRIMARY KEY (graph_id, kind, value),
  FOREIGN KEY (graph_id, record_id) REFERENCES client_records (graph_id, id) ON DELETE CASCADE
);
CREATE INDEX client_record_keys_record ON client_record_keys (graph_id, record_id);
