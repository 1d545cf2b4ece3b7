/**
 * Writes of usage batches: the batch id first (a batch seen before writes nothing), then the dictionaries
 * (coordinates, clients), then every rollup as one multi-row upsert each (`unnest` of parallel arrays), so a
 * batch costs a fixed number of statements whatever its size. Rows are aggregated before (usage-ingest.ts):
 * one upsert must not touch a row twice.
 */
import type { Queryable } from '../database.js';

/** Records the batch; false when its id was recorded before (then nothing else may be written). */
export async function recordBatch(
  db: Queryable,
  batch: { batchId: string; variantId: number; receivedAt: string; dropped: number },
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO usage_batches (batch_id, variant_id, received_at, dropped) VALUES ($1, $2, $3, $4)
     ON CONFLICT (batch_id) DO NOTHING RETURNING batch_id`,
    [batch.batchId, batch.variantId, batch.receivedAt, batch.dropped],
  );
  return rows.length === 1;
}

/** The ids of `coordinates`, created when new. */
export async function coordinateIds(
  db: Queryable,
  variantId: number,
  coordinates: readonly string[],
): Promise<Map<string, number>> {
  if (coordinates.length === 0) return new Map();
  await db.query(
    `INSERT INTO usage_coordinates (variant_id, coordinate) SELECT $1, c FROM unnest($2::text[]) AS c
     ON CONFLICT (variant_id, coordinate) DO NOTHING`,
    [variantId, coordinates],
  );
  const rows = await db.query<{ id: number; coordinate: string }>(
    'SELECT id, coordinate FROM usage_coordinates WHERE variant_id = $1 AND coordinate = ANY($2::text[])',
    [variantId, coordinates],
  );
  return new Map(rows.map((row) => [row.coordinate, row.id]));
}

/** The ids of clients (`name`, `version`), created when new; keyed `name\u0000version`. */
export async function clientIds(
  db: Queryable,
  variantId: number,
  clients: readonly { name: string; version: string }[],
): Promise<Map<string, number>> {
  if (clients.length === 0) return new Map();
  const names = clients.map((client) => client.name);
  const versions = clients.map((client) => client.version);
  await db.query(
    `INSERT INTO usage_clients (variant_id, name, version)
     SELECT $1, n, v FROM unnest($2::text[], $3::text[]) AS pairs (n, v)
     ON CONFLICT (variant_id, name, version) DO NOTHING`,
    [variantId, names, versions],
  );
  const rows = await db.query<{ id: number; name: string; version: string }>(
    `SELECT c.id, c.name, c.version FROM usage_clients c
       JOIN unnest($2::text[], $3::text[]) AS pairs (n, v) ON c.name = pairs.n AND c.version = pairs.v
      WHERE c.variant_id = $1`,
    [variantId, names, versions],
  );
  return new Map(rows.map((row) => [clientKey(row.name, row.version), row.id]));
}

export function clientKey(name: string, version: string): string {
  return `${name}\u0000${version}`;
}

export interface OperationRow {
  hash: string;
  name: string | null;
  type: string;
  signature: string;
  coordinates: string[];
  firstSeen: string;
  lastSeen: string;
}

export async function upsertOperations(
  db: Queryable,
  variantId: number,
  operations: readonly OperationRow[],
): Promise<void> {
  for (const operation of operations) {
    await db.query(
      `INSERT INTO usage_operations (variant_id, hash, name, type, signature, coordinates, first_seen, last_seen)
       VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8)
       ON CONFLICT (variant_id, hash) DO UPDATE SET
         coordinates = ARRAY(SELECT DISTINCT c FROM unnest(usage_operations.coordinates || EXCLUDED.coordinates) AS c
                              ORDER BY c),
         first_seen = LEAST(usage_operations.first_seen, EXCLUDED.first_seen),
         last_seen = GREATEST(usage_operations.last_seen, EXCLUDED.last_seen)`,
      [
        variantId,
        operation.hash,
        operation.name,
        operation.type,
        operation.signature,
        operation.coordinates,
        operation.firstSeen,
        operation.lastSeen,
      ],
    );
  }
}

/** Rows of a count rollup: parallel arrays (coordinate id, client id, bucket, count). */
export interface CountRows {
  coordinateIds: number[];
  clientIds: number[];
  buckets: string[];
  counts: number[];
}

type CountTable = 'usage_coordinate_hours' | 'usage_coordinate_days' | 'usage_denial_hours';

export async function addCounts(db: Queryable, table: CountTable, variantId: number, rows: CountRows) {
  if (rows.counts.length === 0) return;
  const bucket = table === 'usage_coordinate_days' ? 'day' : 'hour';
  const bucketType = bucket === 'day' ? 'date' : 'timestamptz';
  await db.query(
    `INSERT INTO ${table} (variant_id, coordinate_id, client_id, ${bucket}, count)
     SELECT $1, co, cl, b, n FROM unnest($2::int[], $3::int[], $4::${bucketType}[], $5::bigint[]) AS r (co, cl, b, n)
     ON CONFLICT (variant_id, coordinate_id, ${bucket}, client_id) DO UPDATE SET count = ${table}.count + EXCLUDED.count`,
    [variantId, rows.coordinateIds, rows.clientIds, rows.buckets, rows.counts],
  );
}

export interface SeenRows {
  coordinateIds: number[];
  clientIds: number[];
  firstSeen: string[];
  lastSeen: string[];
}

export async function updateSeen(db: Queryable, variantId: number, rows: SeenRows): Promise<void> {
  if (rows.coordinateIds.length === 0) return;
  await db.query(
    `INSERT INTO usage_coordinate_seen (variant_id, coordinate_id, client_id, first_seen, last_seen)
     SELECT $1, co, cl, f, l FROM unnest($2::int[], $3::int[], $4::timestamptz[], $5::timestamptz[]) AS r (co, cl, f, l)
     ON CONFLICT (variant_id, coordinate_id, client_id) DO UPDATE SET
       first_seen = LEAST(usage_coordinate_seen.first_seen, EXCLUDED.first_seen),
       last_seen = GREATEST(usage_coordinate_seen.last_seen, EXCLUDED.last_seen)`,
    [variantId, rows.coordinateIds, rows.clientIds, rows.firstSeen, rows.lastSeen],
  );
}

export interface OperationHourRow {
  hash: string;
  clientId: number;
  verifiedClientId: string;
  /** The registered operation the requests ran, '' for none. */
  persistedOperationId: string;
  hour: string;
  count: number;
  ok: number;
  errors: number;
  refused: number;
  refusedBy: Record<string, number>;
  durationMs: number;
  estimatedCost: number;
  actualCost: number;
}

export async function addOperationHours(
  db: Queryable,
  variantId: number,
  rows: readonly OperationHourRow[],
): Promise<void> {
  if (rows.length === 0) return;
  const column = <K extends keyof OperationHourRow>(key: K) => rows.map((row) => row[key]);
  await db.query(
    `INSERT INTO usage_operation_hours (variant_id, hash, client_id, verified_client_id, hour, count, ok, errors,
       refused, refused_by, duration_ms, estimated_cost, actual_cost, persisted_operation_id)
     SELECT $1, h, cl, v, hr, n, o, e, r, rb::jsonb, d, ec, ac, p
       FROM unnest($2::text[], $3::int[], $4::text[], $5::timestamptz[], $6::bigint[], $7::bigint[], $8::bigint[],
                   $9::bigint[], $10::text[], $11::float8[], $12::float8[], $13::float8[], $14::text[])
         AS r (h, cl, v, hr, n, o, e, r, rb, d, ec, ac, p)
     ON CONFLICT (variant_id, hash, hour, client_id, verified_client_id, persisted_operation_id) DO UPDATE SET
       count = usage_operation_hours.count + EXCLUDED.count,
       ok = usage_operation_hours.ok + EXCLUDED.ok,
       errors = usage_operation_hours.errors + EXCLUDED.errors,
       refused = usage_operation_hours.refused + EXCLUDED.refused,
       refused_by = (SELECT COALESCE(jsonb_object_agg(key, total), '{}'::jsonb) FROM (
           SELECT key, SUM(value::bigint) AS total FROM (
             SELECT * FROM jsonb_each_text(usage_operation_hours.refused_by)
             UNION ALL SELECT * FROM jsonb_each_text(EXCLUDED.refused_by)) AS pairs
           GROUP BY key) AS sums),
       duration_ms = usage_operation_hours.duration_ms + EXCLUDED.duration_ms,
       estimated_cost = usage_operation_hours.estimated_cost + EXCLUDED.estimated_cost,
       actual_cost = usage_operation_hours.actual_cost + EXCLUDED.actual_cost`,
    [
      variantId,
      column('hash'),
      column('clientId'),
      column('verifiedClientId'),
      column('hour'),
      column('count'),
      column('ok'),
      column('errors'),
      column('refused'),
      rows.map((row) => JSON.stringify(row.refusedBy)),
      column('durationMs'),
      column('estimatedCost'),
      column('actualCost'),
      column('persistedOperationId'),
    ],
  );
}

export async function addOperationDays(
  db: Queryable,
  variantId: number,
  rows: readonly { hash: string; day: string; count: number }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO usage_operation_days (variant_id, hash, day, count)
     SELECT $1, h, d, n FROM unnest($2::text[], $3::date[], $4::bigint[]) AS r (h, d, n)
     ON CONFLICT (variant_id, hash, day) DO UPDATE SET count = usage_operation_days.count + EXCLUDED.count`,
    [variantId, rows.map((row) => row.hash), rows.map((row) => row.day), rows.map((row) => row.count)],
  );
}

/** Deletes what the retention no longer keeps; returns the rows deleted per table. */
export async function pruneUsage(
  db: Queryable,
  cutoffs: { hourly: string; daily: string; batches: string },
): Promise<Record<string, number>> {
  const deleted: Record<string, number> = {};
  const run = async (table: string, column: string, cutoff: string, type: string) => {
    const rows = await db.query<{ n: number }>(
      `WITH gone AS (DELETE FROM ${table} WHERE ${column} < $1::${type} RETURNING 1) SELECT count(*)::int AS n FROM gone`,
      [cutoff],
    );
    deleted[table] = rows[0]?.n ?? 0;
  };
  await run('usage_coordinate_hours', 'hour', cutoffs.hourly, 'timestamptz');
  await run('usage_denial_hours', 'hour', cutoffs.hourly, 'timestamptz');
  await run('usage_operation_hours', 'hour', cutoffs.hourly, 'timestamptz');
  await run('usage_coordinate_days', 'day', cutoffs.daily, 'date');
  await run('usage_operation_days', 'day', cutoffs.daily, 'date');
  await run('usage_batches', 'received_at', cutoffs.batches, 'timestamptz');
  return deleted;
}

/**
 * Marks the rollups' pages all-visible (and refreshes statistics) so that reports read them with index-only
 * scans; PostgreSQL's autovacuum does it too, embedded PGlite has none. Run by the retention job.
 */
export async function vacuumUsage(db: Queryable): Promise<void> {
  await db.exec('VACUUM (ANALYZE) usage_coordinate_days, usage_coordinate_hours, usage_operation_days');
}
