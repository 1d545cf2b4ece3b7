import type { RegistryAuditEntry } from '../../api-types.js';
import type { Queryable } from '../database.js';
import { toIso } from './timestamps.js';

export type RegistryAuditWrite = Omit<RegistryAuditEntry, 'id' | 'createdAt'>;

export async function appendRegistryAudit(db: Queryable, entry: RegistryAuditWrite): Promise<void> {
  await db.query(
    `INSERT INTO registry_audit_log (action, graph, variant, actor, reason, details, created_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, clock_timestamp())`,
    [entry.action, entry.graph, entry.variant, entry.actor, entry.reason, JSON.stringify(entry.details)],
  );
}

interface RawEntry {
  id: string;
  action: RegistryAuditEntry['action'];
  graph: string | null;
  variant: string | null;
  actor: string;
  reason: string | null;
  details: Record<string, unknown>;
  created_at: Date;
}

function toEntry(row: RawEntry): RegistryAuditEntry {
  return {
    id: Number(row.id),
    action: row.action,
    graph: row.graph,
    variant: row.variant,
    actor: row.actor,
    reason: row.reason,
    details: row.details,
    createdAt: toIso(row.created_at),
  };
}

const COLUMNS = 'id, action, graph, variant, actor, reason, details, created_at';

/** Registry-level entries, newest first; only those naming `graph` when given. */
export async function listRegistryAudit(
  db: Queryable,
  limit: number,
  graph?: string,
): Promise<RegistryAuditEntry[]> {
  const rows = await db.query<RawEntry>(
    `SELECT ${COLUMNS} FROM registry_audit_log WHERE ($1::text IS NULL OR graph = $1::text)
      ORDER BY id DESC LIMIT $2`,
    [graph ?? null, limit],
  );
  return rows.map(toEntry);
}

/** The latest deletion of the graph (or of the variant, with `variant`), when there is one. */
export async function findDeletion(
  db: Queryable,
  graph: string,
  variant: string | null,
): Promise<RegistryAuditEntry | null> {
  const rows = await db.query<RawEntry>(
    `SELECT ${COLUMNS} FROM registry_audit_log
      WHERE action = $1 AND graph = $2 AND ($3::text IS NULL OR variant = $3::text)
      ORDER BY id DESC LIMIT 1`,
    [variant === null ? 'graph.deleted' : 'variant.deleted', graph, variant],
  );
  return rows[0] ? toEntry(rows[0]) : null;
}
