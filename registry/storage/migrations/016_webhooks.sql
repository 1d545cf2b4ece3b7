-- Webhooks (issue 13, docs/webhooks.md): subscriptions of a graph (or one of its variants) to registry events,
-- the deliveries of each event to each subscription with every attempt, and the last deprecation verdicts the
-- safe-to-remove evaluator saw.

CREATE TABLE webhooks (
  id uuid PRIMARY KEY,
  graph_id integer NOT NULL REFERENCES graphs (id) ON DELETE CASCADE,
  -- NULL: every variant of the graph.
  variant text,
  url text NOT NULL,
  events text[] NOT NULL,
  -- The signing secret. Signing needs it, so it is not hashed: kept as given, or sealed with AES-256-GCM when the
  -- registry has ATRIUM_WEBHOOK_SECRET_KEY (registry/webhooks/secret-box.ts). Never answered after create.
  secret text NOT NULL,
  description text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhooks_graph ON webhooks (graph_id);

-- One event for one webhook. `payload` is the exact body sent (and signed) on every attempt.
CREATE TABLE webhook_deliveries (
  id uuid PRIMARY KEY,
  webhook_id uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  event_id uuid NOT NULL,
  event_type text NOT NULL,
  payload text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  -- When a pending delivery is due; while an attempt runs, the end of its lease (a crashed attempt is retried then).
  next_attempt_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, created_at);

CREATE TABLE webhook_attempts (
  delivery_id uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt integer NOT NULL CHECK (attempt > 0),
  started_at timestamptz NOT NULL,
  duration_ms integer NOT NULL,
  -- The receiver's HTTP status; NULL when there was no answer (network error, timeout, refused target).
  status_code integer,
  error text,
  PRIMARY KEY (delivery_id, attempt)
);

-- The last verdict of each deprecated element of a variant: `deprecated.safe_to_remove` fires on the change
-- from in use to safe, once.
CREATE TABLE webhook_deprecation_verdicts (
  variant_id integer NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
  coordinate text NOT NULL,
  safe_to_remove boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (variant_id, coordinate)
);
