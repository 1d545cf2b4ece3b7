import type {
  CheckApproval,
  CoveringApproval,
  GitContext,
  SchemaCheck,
  SchemaCheckSummary,
} from '../../api-types.js';
import type { CheckReport } from '../../checks/check-report.js';
import type { Queryable } from '../database.js';
import { toIso } from './timestamps.js';

interface RawCheck {
  id: string;
  graph: string;
  variant: string;
  subgraph: string;
  action: 'publish' | 'delete';
  origin: 'check' | 'publish' | 'delete';
  input_hash: string;
  sdl_hash: string | null;
  routing_url: string | null;
  base_version: number | null;
  subgraph_identity: string | null;
  passed: boolean;
  created_by: string;
  created_at: Date;
  report: CheckReport;
  git: GitContext | null;
  context_id: string | null;
  covered_by: CoveringApproval | null;
  approved_by: string | null;
  approval_context_id: string | null;
  approval_reason: string | null;
  approved_at: Date | null;
  approval_expires_at: Date | null;
  approval_expired: boolean | null;
}

const SELECT_CHECKS = `SELECT c.id, g.name AS graph, c.variant, c.subgraph, c.action, c.origin, c.input_hash, c.sdl_hash,
       c.routing_url, c.base_version, c.subgraph_identity, c.passed, c.created_by, c.created_at, c.report,
       c.git, c.context_id, c.covered_by, a.context_id AS approval_context_id, a.approved_by, a.reason AS approval_reason, a.created_at AS approved_at, a.expires_at AS approval_expires_at,
       a.expires_at <= clock_timestamp() AS approval_expired
  FROM schema_checks c JOIN graphs g ON g.id = c.graph_id LEFT JOIN check_approvals a ON a.check_id = c.id`;

function toApproval(row: RawCheck): CheckApproval | null {
  if (row.approved_by === null || row.approved_at === null || row.approval_expires_at === null) return null;
  return {
    checkId: row.id,
    approvedBy: row.approved_by,
    reason: row.approval_reason,
    contextId: row.approval_context_id,
    createdAt: toIso(row.approved_at),
    expiresAt: toIso(row.approval_expires_at),
    expired: row.approval_expired === true,
  };
}

function toCheck(row: RawCheck): SchemaCheck {
  return {
    id: row.id,
    graph: row.graph,
    variant: row.variant,
    subgraph: row.subgraph,
    action: row.action,
    origin: row.origin,
    inputHash: row.input_hash,
    sdlHash: row.sdl_hash,
    routingUrl: row.routing_url,
    baseVersion: row.base_version,
    subgraphIdentity: row.subgraph_identity,
    passed: row.passed,
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    approval: toApproval(row),
    report: row.report,
    git: row.git,
    contextId: row.context_id,
    coveredBy: row.covered_by,
  };
}

export function summarizeCheck({ report, ...check }: SchemaCheck): SchemaCheckSummary {
  return {
    ...check,
    counts: report.counts,
    compositionErrors: report.compositionErrors?.length ?? 0,
    lintErrors: (report.lintFindings ?? []).filter((finding) => finding.severity === 'error').length,
  };
}

/** A check as written: the stored shape without what storage adds (time, approval) and with the graph's id. */
export type CheckWrite = Omit<SchemaCheck, 'graph' | 'createdAt' | 'approval'> & { graphId: number };

export async function insertCheck(db: Queryable, write: CheckWrite): Promise<SchemaCheck> {
  await db.query(
    `INSERT INTO schema_checks (id, graph_id, variant, subgraph, action, origin, input_hash, sdl_hash, routing_url,
                                base_version, passed, created_by, report, subgraph_identity, git, context_id,
                                covered_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14, $15::jsonb, $16, $17::jsonb,
             clock_timestamp())`,
    [
      write.id,
      write.graphId,
      write.variant,
      write.subgraph,
      write.action,
      write.origin,
      write.inputHash,
      write.sdlHash,
      write.routingUrl,
      write.baseVersion,
      write.passed,
      write.createdBy,
      JSON.stringify(write.report),
      write.subgraphIdentity,
      write.git === null ? null : JSON.stringify(write.git),
      write.contextId,
      write.coveredBy === null ? null : JSON.stringify(write.coveredBy),
    ],
  );
  const check = await findCheck(db, write.id);
  if (!check) throw new Error('a stored check vanished right after its insert');
  return check;
}

export async function findCheck(db: Queryable, id: string): Promise<SchemaCheck | null> {
  const rows = await db.query<RawCheck>(`${SELECT_CHECKS} WHERE c.id = $1`, [id]);
  return rows[0] ? toCheck(rows[0]) : null;
}

/** The variant's checks, newest first. */
export async function listChecks(
  db: Queryable,
  graphId: number,
  variant: string,
  limit: number,
): Promise<SchemaCheckSummary[]> {
  const rows = await db.query<RawCheck>(
    `${SELECT_CHECKS} WHERE c.graph_id = $1 AND c.variant = $2 ORDER BY c.created_at DESC, c.id LIMIT $3`,
    [graphId, variant, limit],
  );
  return rows.map((row) => summarizeCheck(toCheck(row)));
}

export interface ApprovalWrite {
  checkId: string;
  graphId: number;
  variant: string;
  subgraph: string;
  inputHash: string;
  /** The check's context id: the approval then also applies to later writes with it. */
  contextId: string | null;
  approvedBy: string;
  reason: string | null;
  /** How long the approval applies, from now. */
  ttlSeconds: number;
}

/**
 * Records the approval, or replaces an expired one; `false` when the check has an approval that has not expired
 * (it stands, nothing is written).
 */
export async function insertApproval(db: Queryable, write: ApprovalWrite): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO check_approvals
       (check_id, graph_id, variant, subgraph, input_hash, approved_by, reason, created_at, expires_at, context_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, clock_timestamp(), clock_timestamp() + make_interval(secs => $8), $9)
     ON CONFLICT (check_id) DO UPDATE
       SET approved_by = EXCLUDED.approved_by, reason = EXCLUDED.reason,
           created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
     WHERE check_approvals.expires_at <= clock_timestamp()
     RETURNING check_id`,
    [
      write.checkId,
      write.graphId,
      write.variant,
      write.subgraph,
      write.inputHash,
      write.approvedBy,
      write.reason,
      write.ttlSeconds,
      write.contextId,
    ],
  );
  return rows.length > 0;
}

/**
 * Approved checks of the subgraph with exactly this input, or with this context id (when one is given), expired
 * approvals included, newest approval first.
 */
export async function findApprovedChecks(
  db: Queryable,
  graphId: number,
  variant: string,
  subgraph: string,
  inputHash: string,
  contextId: string | null = null,
): Promise<SchemaCheck[]> {
  const rows = await db.query<RawCheck>(
    `${SELECT_CHECKS} WHERE a.graph_id = $1 AND a.variant = $2 AND a.subgraph = $3
        AND (a.input_hash = $4 OR ($5::text IS NOT NULL AND a.context_id = $5::text))
      ORDER BY a.created_at DESC`,
    [graphId, variant, subgraph, inputHash, contextId],
  );
  return rows.map(toCheck);
}
