import type { AuditAction, AuditEntry } from '../../api-types.js';
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
}

export async function appendAudit(db: Queryable, entry: AuditWrite): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (graph_id, variant, subgraph, action, actor, reason, check_id, details, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, clock_timestamp())`,
    [
      entry.graphId,
      entry.variant,
      entry.subgraph,
      entry.action,
      entry.actor,
      entry.reason,
      entry.checkId,
      JSON.stringify(entry.details ?? {}),
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
    `SELECT a.id, g.name AS graph, a.variant, a.subgraph, a.action, a.actor, a.reason, a.check_id, a.details, a.created_at
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
    createdAt: toIso(row.created_at),
  }));
}
