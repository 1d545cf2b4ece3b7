/**
 * The newest quota observation per client record and quota (migration 017), written from usage batches and read
 * with the client records. One multi-row upsert per batch; a row is replaced only by a strictly newer
 * observation, so an older batch arriving late (a hub's spool) never moves the consumption back in time.
 */
import type { Queryable } from '../database.js';

export interface QuotaObservationRow {
  clientId: string;
  quota: 'rate' | 'budget';
  limit: number;
  windowSeconds: number;
  capacity: number;
  remaining: number;
  resetAt: string;
  observedAt: string;
}

export interface StoredQuotaObservation extends QuotaObservationRow {
  variant: string;
  receivedAt: string;
}

/**
 * Upserts `rows` (at most one per client and quota: the caller keeps the newest) for the graph of `variantId`.
 * Rows of clients the graph has no record of (nor a reserved id) are not stored.
 */
export async function upsertQuotaObservations(
  db: Queryable,
  target: { graphId: number; variantId: number; receivedAt: string },
  rows: readonly QuotaObservationRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO client_quota_observations
       (graph_id, client_id, quota, variant_id, quota_limit, window_seconds, capacity, remaining, reset_at,
        observed_at, received_at)
     SELECT $1, o.client_id, o.quota, $2, o.quota_limit, o.window_seconds, o.capacity, o.remaining, o.reset_at,
            o.observed_at, $3
       FROM unnest($4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[],
                   $10::timestamptz[], $11::timestamptz[])
            AS o (client_id, quota, quota_limit, window_seconds, capacity, remaining, reset_at, observed_at)
      WHERE o.client_id IN ('default', 'anonymous')
         OR EXISTS (SELECT 1 FROM client_records r WHERE r.graph_id = $1 AND r.id = o.client_id)
     ON CONFLICT (graph_id, client_id, quota) DO UPDATE SET
       variant_id = EXCLUDED.variant_id,
       quota_limit = EXCLUDED.quota_limit,
       window_seconds = EXCLUDED.window_seconds,
       capacity = EXCLUDED.capacity,
       remaining = EXCLUDED.remaining,
       reset_at = EXCLUDED.reset_at,
       observed_at = EXCLUDED.observed_at,
       received_at = EXCLUDED.received_at
     WHERE client_quota_observations.observed_at < EXCLUDED.observed_at`,
    [
      target.graphId,
      target.variantId,
      target.receivedAt,
      rows.map((row) => row.clientId),
      rows.map((row) => row.quota),
      rows.map((row) => row.limit),
      rows.map((row) => row.windowSeconds),
      rows.map((row) => row.capacity),
      rows.map((row) => row.remaining),
      rows.map((row) => row.resetAt),
      rows.map((row) => row.observedAt),
    ],
  );
}

interface Row {
  client_id: string;
  quota: 'rate' | 'budget';
  variant: string;
  quota_limit: string | number;
  window_seconds: string | number;
  capacity: string | number;
  remaining: string | number;
  reset_at: Date;
  observed_at: Date;
  received_at: Date;
}

/** A graph's observations (of one client record when `clientId` is given). */
export async function listQuotaObservations(
  db: Queryable,
  graphId: number,
  clientId?: string,
): Promise<StoredQuotaObservation[]> {
  const rows = await db.query<Row>(
    `SELECT o.client_id, o.quota, v.name AS variant, o.quota_limit, o.window_seconds, o.capacity, o.remaining,
            o.reset_at, o.observed_at, o.received_at
       FROM client_quota_observations o JOIN variants v ON v.id = o.variant_id
      WHERE o.graph_id = $1 AND ($2::text IS NULL OR o.client_id = $2)`,
    [graphId, clientId ?? null],
  );
  return rows.map((row) => ({
    clientId: row.client_id,
    quota: row.quota,
    variant: row.variant,
    limit: Number(row.quota_limit),
    windowSeconds: Number(row.window_seconds),
    capacity: Number(row.capacity),
    remaining: Number(row.remaining),
    resetAt: row.reset_at.toISOString(),
    observedAt: row.observed_at.toISOString(),
    receivedAt: row.received_at.toISOString(),
  }));
}

/** Forgets a record's observations (the record was deleted: a new one of the same id starts afresh). */
export async function deleteQuotaObservations(
  db: Queryable,
  graphId: number,
  clientId: string,
): Promise<void> {
  await db.query('DELETE FROM client_quota_observations WHERE graph_id = $1 AND client_id = $2', [
    graphId,
    clientId,
  ]);
}
