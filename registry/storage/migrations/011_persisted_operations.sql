-- Persisted operations (trusted documents): the exact operations each version of a client application sends.
-- Documents are stored once per graph under their id, the sha256 (hex) of the body; a client version of a variant
-- links to the documents it registered. Sets are add-only: links are never removed, a version is retired instead.
-- Validation is against the variant's API schema, so versions belong to a variant (variant_id), not to the graph.
-- The client id is not a foreign key: the reserved records `default` and `anonymous` have no row until changed.

CREATE TABLE operation_documents (
  graph_id integer NOT NULL REFERENCES graphs (id) ON DELETE CASCADE,
  -- sha256 hex of `body` (UTF-8), as the registry computed it.
  id text NOT NULL CHECK (id ~ '^[0-9a-f]{64}$'),
  body text NOT NULL,
  -- The document's one operation: its name (NULL for an anonymous operation) and type.
  name text,
  type text NOT NULL CHECK (type IN ('query', 'mutation', 'subscription')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (graph_id, id)
);

CREATE TABLE client_versions (
  variant_id integer NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
  graph_id integer NOT NULL REFERENCES graphs (id) ON DELETE CASCADE,
  client_id text NOT NULL,
  version text NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'retired')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- The last publish that added operations (the first one created the version).
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  retired_by text,
  retired_at timestamptz,
  retire_reason text,
  PRIMARY KEY (variant_id, client_id, version)
);
CREATE INDEX client_versions_active ON client_versions (variant_id) WHERE status = 'active';

CREATE TABLE client_version_operations (
  variant_id integer NOT NULL,
  client_id text NOT NULL,
  version text NOT NULL,
  graph_id integer NOT NULL,
  operation_id text NOT NULL,
  added_by text NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (variant_id, client_id, version, operation_id),
  FOREIGN KEY (variant_id, client_id, version) REFERENCES client_versions (variant_id, client_id, version)
    ON DELETE CASCADE,
  FOREIGN KEY (graph_id, operation_id) REFERENCES operation_documents (graph_id, id) ON DELETE CASCADE
);
