import type { AuditAction, AuditEntry, GitContext } from '../../api-types.js';
import type { Queryable } from '../database.js';
import { toIso } from './timestamps.js';

export interface AuditWrite {
  graphId: number;
  variant: string | null;
  subgraph: string | null;
  action: AuditAction;
  actor: string;
  reason: string | null;
  checkId: string | null;
  details?: Record<string, unknown>;
  /** The git context of the write or check, when it gave one. */
  git?: GitContext | null;
}

export async function appendAudit(db: Queryable, entry: AuditWrite): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (graph_id, variant, subgraph, action, actor, reason, check_id, details, git, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, clock_timestamp())`,
    [
      entry.graphId,
      entry.variant,
      entry.subgraph,
      entry.action,
      entry.actor,
      entry.reason,
      entry.checkId,
      JSON.stringify(entry.details ?? {}),
      entry.git ? JSON.stringify(entry.git) : null,
    ],
  );
}

interface RawAudit {
  id: string;
  graph: string;
  variant: string | null;
  subgraph: string | null;
  action: AuditAction;
  actor: string;
  reason: string | null;
  check_id: string | null;
  details: Record<string, unknown>;
  git: GitContext | null;
  created_at: Date;
}

/** The variant's entries and the graph-wide ones, newest first. */
export async function listAudit(
  db: Queryable,
  graphId: number,
  variant: string,
  limit: number,
): Promise<AuditEntry[]> {
  const rows = await db.query<RawAudit>(
    `SELECT a.id, g.name AS graph, a.variant, a.subgraph, a.action, a.actor, a.reason, a.check_id, a.details, a.git, a.created_at
       FROM audit_log a JOIN graphs g ON g.id = a.graph_id
      WHERE a.graph_id = $1 AND (a.variant = $2 OR a.variant IS NULL)
      ORDER BY a.id DESC LIMIT $3`,
    [graphId, variant, limit],
  );
  return rows.map((row) => ({
    id: Number(row.id),
    graph: row.graph,
    variant: row.variant,
    subgraph: row.subgraph,
    action: row.action,
    actor: row.actor,
    reason: row.reason,
    checkId: row.check_id,
    details: row.details,
    git: row.git,
    createdAt: toIso(row.created_at),
  }));
}
