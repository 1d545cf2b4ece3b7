-- Approvals are bound to what was approved: the base version (schema_checks.base_version), the subgraph's identity
-- and a time limit.

-- A subgraph's identity: kept by every publish that updates it, new when it is deleted and published again.
ALTER TABLE subgraphs ADD COLUMN identity text NOT NULL DEFAULT gen_random_uuid()::text;

-- The identity of the subgraph a check ran against; NULL when the check proposed a new subgraph. Checks stored
-- before this migration get the identity of the subgraph of that name, when there is one: an approval of such a
-- check still applies only at its base version, which no longer matches once the subgraph was deleted.
ALTER TABLE schema_checks ADD COLUMN subgraph_identity text;
UPDATE schema_checks c SET subgraph_identity = s.identity
  FROM variants v JOIN subgraphs s ON s.variant_id = v.id
 WHERE v.graph_id = c.graph_id AND v.name = c.variant AND s.name = c.subgraph;

-- When an approval stops applying. Approvals given before this migration get the default of 7 days.
ALTER TABLE check_approvals ADD COLUMN expires_at timestamptz;
UPDATE check_approvals SET expires_at = created_at + interval '7 days';
ALTER TABLE check_approvals ALTER COLUMN expires_at SET NOT NULL;
