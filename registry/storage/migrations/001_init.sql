-- Atrium schema registry: initial schema. PostgreSQL dialect (runs on PostgreSQL and PGlite).

CREATE TABLE graphs (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE variants (
  id serial PRIMARY KEY,
  graph_id integer NOT NULL REFERENCES graphs (id) ON DELETE CASCADE,
  name text NOT NULL,
  -- The supergraph version hubs get; NULL before the first composition and after the last subgraph is deleted.
  current_version integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (graph_id, name)
);

-- Content-addressed SDL: every subgraph SDL ever published, keyed by its sha256 hex.
CREATE TABLE schemas (
  hash text PRIMARY KEY,
  sdl text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The current subgraphs of each variant.
CREATE TABLE subgraphs (
  variant_id integer NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
  name text NOT NULL,
  routing_url text NOT NULL,
  sdl_hash text NOT NULL REFERENCES schemas (hash),
  updated_at timestamptz NOT NULL DEFAULT now(),
  published_by text NOT NULL,
  PRIMARY KEY (variant_id, name)
);

-- Every publish and delete of a subgraph, oldest first.
CREATE TABLE subgraph_revisions (
  id bigserial PRIMARY KEY,
  variant_id integer NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
  name text NOT NULL,
  action text NOT NULL CHECK (action IN ('publish', 'delete')),
  routing_url text,
  sdl_hash text REFERENCES schemas (hash),
  supergraph_version integer,
  published_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subgraph_revisions_variant_name ON subgraph_revisions (variant_id, name, id);

-- Immutable composed supergraphs, numbered 1, 2, 3 … per variant.
CREATE TABLE supergraph_versions (
  variant_id integer NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version > 0),
  hash text NOT NULL,
  sdl text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_by text NOT NULL,
  change jsonb NOT NULL,
  subgraphs jsonb NOT NULL,
  PRIMARY KEY (variant_id, version)
);

CREATE FUNCTION supergraph_versions_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'supergraph versions are immutable';
END;
$$;

CREATE TRIGGER supergraph_versions_immutable
  BEFORE UPDATE ON supergraph_versions
  FOR EACH ROW EXECUTE FUNCTION supergraph_versions_are_immutable();

CREATE TABLE tokens (
  id text PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'publisher', 'reader')),
  -- NULL: every subgraph; otherwise a publisher may only publish and delete these.
  subgraphs text[],
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
