-- Client consumption (issue 14): the newest quota observation hubs reported (usage batches, `quotas`) per client
-- record and quota. Quotas are counted per graph and record (hubs of every variant of a graph share them), so one
-- row per (graph, record, quota); `variant_id` says which variant's hub reported it. No foreign key to
-- client_records: the reserved records `default` and `anonymous` exist without a row. A newer observation
-- replaces the row; an older one arriving late (a spooled batch) does not.

CREATE TABLE client_quota_observations (
  graph_id integer NOT NULL REFERENCES graphs (id) ON DELETE CASCADE,
  client_id text NOT NULL,
  quota text NOT NULL CHECK (quota IN ('rate', 'budget')),
  variant_id integer NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
  quota_limit bigint NOT NULL,
  window_seconds bigint NOT NULL,
  capacity bigint NOT NULL,
  remaining bigint NOT NULL,
  reset_at timestamptz NOT NULL,
  observed_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (graph_id, client_id, quota)
);
