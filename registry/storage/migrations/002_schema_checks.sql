-- Atrium schema registry: schema checks, approvals, audit log, lint configuration, ownership, changelogs.

-- Who owns a subgraph: a team name and a contact. NULL team: nobody in particular (any allowed publisher).
ALTER TABLE subgraphs ADD COLUMN owner_team text;
ALTER TABLE subgraphs ADD COLUMN owner_contact text;

-- A publisher token may carry a team: it is then an "owner token" for the subgraphs that team owns.
ALTER TABLE tokens ADD COLUMN team text;

-- The classified API-schema changes that produced each version (from the previous current version).
ALTER TABLE supergraph_versions ADD COLUMN changelog jsonb NOT NULL DEFAULT '[]'::jsonb;

-- Every schema check, whether asked for (`subgraph check`) or run by a publish.
CREATE TABLE schema_checks (
  id text PRIMARY KEY,
  graph_id integer NOT NULL REFERENCES graphs (id) ON DELETE CASCADE,
  variant text NOT NULL,
  subgraph text NOT NULL,
  action text NOT NULL CHECK (action IN ('publish', 'delete')),
  origin text NOT NULL CHECK (origin IN ('check', 'publish')),
  -- sha256 of graph, variant, subgraph, action and proposed SDL hash: what an approval is bound to.
  input_hash text NOT NULL,
  sdl_hash text REFERENCES schemas (hash),
  routing_url text,
  base_version integer,
  passed boolean NOT NULL,
  report jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX schema_checks_variant ON schema_checks (graph_id, variant, created_at DESC);

-- An approval of a failed check's blocking changes, for the same input (input_hash) only.
CREATE TABLE check_approvals (
  check_id text PRIMARY KEY REFERENCES schema_checks (id) ON DELETE CASCADE,
  graph_id integer NOT NULL REFERENCES graphs (id) ON DELETE CASCADE,
  variant text NOT NULL,
  subgraph text NOT NULL,
  input_hash text NOT NULL,
  approved_by text NOT NULL,
  reason text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX check_approvals_input ON check_approvals (graph_id, variant, subgraph, input_hash);

-- Who did what and why: approvals, blocked, approved and forced publishes, ownership and lint changes.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  graph_id integer NOT NULL REFERENCES graphs (id) ON DELETE CASCADE,
  -- NULL for graph-wide entries (lint configuration).
  variant text,
  subgraph text,
  action text NOT NULL,
  actor text NOT NULL,
  reason text,
  check_id text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_graph ON audit_log (graph_id, id);

-- Lint rule levels per graph; a graph without a row uses the defaults.
CREATE TABLE lint_configs (
  graph_id integer PRIMARY KEY REFERENCES graphs (id) ON DELETE CASCADE,
  config jsonb NOT NULL,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
