-- Usage reporting (issue 12): what hubs record per operation and schema coordinate, rolled up by hour and by day.
-- Coordinates and clients are dictionary-encoded (integer ids) so the rollup rows stay narrow: the report for one
-- coordinate over a period reads the daily rollup through its primary key (variant, coordinate, day, client).
-- See docs/usage.md ("Storage and scaling").

-- Hubs may hold tokens that can only write usage.
ALTER TABLE tokens DROP CONSTRAINT IF EXISTS tokens_role_check;
ALTER TABLE tokens ADD CONSTRAINT tokens_role_check CHECK (role IN ('admin', 'publisher', 'reader', 'usage'));

CREATE TABLE usage_coordinates (
  id serial PRIMARY KEY,
  variant_id integer NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
  coordinate text NOT NULL,
  UNIQUE (variant_id, coordinate)
);

-- A client is the pair of the `apollographql-client-name` / `-version` labels ('' when a request had none).
CREATE TABLE usage_clients (
  id serial PRIMARY KEY,
  variant_id integer NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
  name text NOT NULL,
  version text NOT NULL,
  UNIQUE (variant_id, name, version)
);

-- Operations by the hash of their normalised signature.
CREATE TABLE usage_operations (
  variant_id integer NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
  hash text NOT NULL,
  name text,
  type text NOT NULL,
  signature text NOT NULL,
  coordinates text[] NOT NULL,
  first_seen timestamptz NOT NULL,
  last_seen timestamptz NOT NULL,
  PRIMARY KEY (variant_id, hash)
);

-- Requests per coordinate, client and hour (kept `hourlyDays`) and per day (kept `dailyDays`).
CREATE TABLE usage_coordinate_hours (
  variant_id integer NOT NULL,
  coordinate_id integer NOT NULL REFERENCES usage_coordinates (id) ON DELETE CASCADE,
  client_id integer NOT NULL REFERENCES usage_clients (id) ON DELETE CASCADE,
  hour timestamptz NOT NULL,
  count bigint NOT NULL,
  -- `count` is in the key's index so a report reads the index alone (an index-only scan, once vacuumed).
  PRIMARY KEY (variant_id, coordinate_id, hour, client_id) INCLUDE (count)
);
CREATE INDEX usage_coordinate_hours_hour ON usage_coordinate_hours (hour);

CREATE TABLE usage_coordinate_days (
  variant_id integer NOT NULL,
  coordinate_id integer NOT NULL REFERENCES usage_coordinates (id) ON DELETE CASCADE,
  client_id integer NOT NULL REFERENCES usage_clients (id) ON DELETE CASCADE,
  day date NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (variant_id, coordinate_id, day, client_id) INCLUDE (count)
);
CREATE INDEX usage_coordinate_days_day ON usage_coordinate_days (day);

-- First and last time a client used a coordinate (never pruned: "last seen" outlives the rollups).
CREATE TABLE usage_coordinate_seen (
  variant_id integer NOT NULL,
  coordinate_id integer NOT NULL REFERENCES usage_coordinates (id) ON DELETE CASCADE,
  client_id integer NOT NULL REFERENCES usage_clients (id) ON DELETE CASCADE,
  first_seen timestamptz NOT NULL,
  last_seen timestamptz NOT NULL,
  PRIMARY KEY (variant_id, coordinate_id, client_id)
);

-- Coordinates field authorization filtered or denied, per client and hour.
CREATE TABLE usage_denial_hours (
  variant_id integer NOT NULL,
  coordinate_id integer NOT NULL REFERENCES usage_coordinates (id) ON DELETE CASCADE,
  client_id integer NOT NULL REFERENCES usage_clients (id) ON DELETE CASCADE,
  hour timestamptz NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (variant_id, coordinate_id, hour, client_id)
);
CREATE INDEX usage_denial_hours_hour ON usage_denial_hours (hour);

-- Requests per operation, client and hour, with their outcomes, durations and costs. `verified_client_id`: the
-- OAuth client of the access token ('' for anonymous callers).
CREATE TABLE usage_operation_hours (
  variant_id integer NOT NULL,
  hash text NOT NULL,
  client_id integer NOT NULL REFERENCES usage_clients (id) ON DELETE CASCADE,
  verified_client_id text NOT NULL,
  hour timestamptz NOT NULL,
  count bigint NOT NULL,
  ok bigint NOT NULL,
  errors bigint NOT NULL,
  refused bigint NOT NULL,
  -- { policy: count }
  refused_by jsonb NOT NULL DEFAULT '{}'::jsonb,
  duration_ms double precision NOT NULL,
  estimated_cost double precision NOT NULL,
  actual_cost double precision NOT NULL,
  FOREIGN KEY (variant_id, hash) REFERENCES usage_operations (variant_id, hash) ON DELETE CASCADE,
  PRIMARY KEY (variant_id, hash, hour, client_id, verified_client_id)
);
CREATE INDEX usage_operation_hours_hour ON usage_operation_hours (hour);

-- Requests per operation and day (kept `dailyDays`): the top operations of a coordinate's report.
CREATE TABLE usage_operation_days (
  variant_id integer NOT NULL,
  hash text NOT NULL,
  day date NOT NULL,
  count bigint NOT NULL,
  FOREIGN KEY (variant_id, hash) REFERENCES usage_operations (variant_id, hash) ON DELETE CASCADE,
  PRIMARY KEY (variant_id, hash, day) INCLUDE (count)
);
CREATE INDEX usage_operation_days_day ON usage_operation_days (day);

-- Batches already counted: a hub that retries a batch (same id) is answered 200 without counting it again.
CREATE TABLE usage_batches (
  batch_id uuid PRIMARY KEY,
  variant_id integer NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
  received_at timestamptz NOT NULL,
  -- Requests the hub could not aggregate (its key cap was reached and its queue full).
  dropped bigint NOT NULL DEFAULT 0
);
CREATE INDEX usage_batches_received ON usage_batches (received_at);
