-- Where a check, publish or delete came from: `{ commit, branch, author, prUrl }` (each may be absent), given by
-- CLI flags or read from the CI environment; NULL when the caller gave none. Shown by checks, history, changelog
-- and the audit log.
ALTER TABLE schema_checks ADD COLUMN git jsonb;
ALTER TABLE supergraph_versions ADD COLUMN git jsonb;
ALTER TABLE audit_log ADD COLUMN git jsonb;

-- The context a check ran in (default: the pull-request URL, else the branch). An approval of a check with a
-- context id applies to later writes with the same context id, not only to the same input: the approval follows the
-- pull request as it gets new commits (still bound to the base version, subgraph identity and expiry).
ALTER TABLE schema_checks ADD COLUMN context_id text;
ALTER TABLE check_approvals ADD COLUMN context_id text;
CREATE INDEX check_approvals_context ON check_approvals (graph_id, variant, subgraph, context_id)
  WHERE context_id IS NOT NULL;

-- A failed check that an approval with the same context id covers: `{ checkId, approvedBy, reason, contextId,
-- expiresAt }`, found when the check ran; NULL otherwise.
ALTER TABLE schema_checks ADD COLUMN covered_by jsonb;
