/**
 * Reads of the usage reports. Counts come from the daily rollup for periods in days and from the hourly one for
 * periods in hours; both are read through their primary key (variant, coordinate, bucket, client), so a
 * coordinate's report reads (clients × buckets) rows whatever the size of the graph.
 */
import type { Queryable } from '../database.js';
import { toIso } from './timestamps.js';

export interface PeriodBuckets {
  readonly unit: 'day' | 'hour';
  readonly firstBucket: string;
}

function countTable(unit: 'day' | 'hour'): { table: string; column: string; type: string } {
  return unit === 'day'
    ? { table: 'usage_coordinate_days', column: 'day', type: 'date' }
    : { table: 'usage_coordinate_hours', column: 'hour', type: 'timestamptz' };
}

export interface CoordinateClientRow {
  coordinate: string;
  client: string;
  version: string;
  count: number;
  firstSeen: string | null;
  lastSeen: string | null;
}

/**
 * Usage of each of `coordinates` in the period, per client and version (only those with usage), most used
 * first. Four lookups by key rather than one join: the planner would otherwise scan the whole `seen` table.
 */
export async function coordinateUsage(
  db: Queryable,
  variantId: number,
  coordinates: readonly string[],
  period: PeriodBuckets,
): Promise<CoordinateClientRow[]> {
  if (coordinates.length === 0) return [];
  const { table, column, type } = countTable(period.unit);
  const ids = await db.query<{ id: number; coordinate: string }>(
    'SELECT id, coordinate FROM usage_coordinates WHERE variant_id = $1 AND coordinate = ANY($2::text[])',
    [variantId, coordinates],
  );
  if (ids.length === 0) return [];
  const coordinateIds = ids.map((row) => row.id);
  const counts = await db.query<{ coordinate_id: number; client_id: number; count: number }>(
    `SELECT coordinate_id, client_id, SUM(count)::float8 AS count FROM ${table}
      WHERE variant_id = $1 AND coordinate_id = ANY($2::int[]) AND ${column} >= $3::${type}
      GROUP BY coordinate_id, client_id`,
    [variantId, coordinateIds, period.firstBucket],
  );
  if (counts.length === 0) return [];
  const seen = await db.query<{
    coordinate_id: number;
    client_id: number;
    first_seen: Date;
    last_seen: Date;
  }>(
    `SELECT coordinate_id, client_id, first_seen, last_seen FROM usage_coordinate_seen
      WHERE variant_id = $1 AND coordinate_id = ANY($2::int[])`,
    [variantId, coordinateIds],
  );
  const clients = await db.query<{ id: number; name: string; version: string }>(
    'SELECT id, name, version FROM usage_clients WHERE id = ANY($1::int[])',
    [[...new Set(counts.map((row) => row.client_id))]],
  );
  const coordinateOf = new Map(ids.map((row) => [row.id, row.coordinate]));
  const clientOf = new Map(clients.map((row) => [row.id, row]));
  const seenOf = new Map(seen.map((row) => [`${row.coordinate_id}|${row.client_id}`, row]));
  const rows: CoordinateClientRow[] = [];
  for (const row of counts) {
    const client = clientOf.get(row.client_id);
    const coordinate = coordinateOf.get(row.coordinate_id);
    if (client === undefined || coordinate === undefined) continue;
    const known = seenOf.get(`${row.coordinate_id}|${row.client_id}`);
    rows.push({
      coordinate,
      client: client.name,
      version: client.version,
      count: Number(row.count),
      firstSeen: known ? toIso(known.first_seen) : null,
      lastSeen: known ? toIso(known.last_seen) : null,
    });
  }
  return rows.sort(
    (a, b) =>
      compare(a.coordinate, b.coordinate) ||
      b.count - a.count ||
      compare(a.client, b.client) ||
      compare(a.version, b.version),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The coordinates among `coordinates` that some request used in the period. */
export async function usedCoordinates(
  db: Queryable,
  variantId: number,
  period: PeriodBuckets,
): Promise<Set<string>> {
  const { table, column, type } = countTable(period.unit);
  const rows = await db.query<{ coordinate: string }>(
    `SELECT co.coordinate FROM usage_coordinates co
      WHERE co.variant_id = $1 AND EXISTS (
        SELECT 1 FROM ${table} r WHERE r.variant_id = $1 AND r.coordinate_id = co.id AND r.${column} >= $2::${type})`,
    [variantId, period.firstBucket],
  );
  return new Set(rows.map((row) => row.coordinate));
}

export interface OperationCountRow {
  hash: string;
  name: string | null;
  type: string;
  count: number;
}

/** The operations that use `coordinate`, by requests in the period, most used first. */
export async function topOperations(
  db: Queryable,
  variantId: number,
  coordinate: string,
  period: PeriodBuckets & { readonly fromHour: string },
  limit: number,
): Promise<OperationCountRow[]> {
  const [table, column, from, type] =
    period.unit === 'day'
      ? ['usage_operation_days', 'day', period.firstBucket, 'date']
      : ['usage_operation_hours', 'hour', period.fromHour, 'timestamptz'];
  const rows = await db.query<{ hash: string; name: string | null; type: string; count: number }>(
    `SELECT o.hash, o.name, o.type, SUM(r.count)::float8 AS count
       FROM usage_operations o
       JOIN ${table} r ON r.variant_id = o.variant_id AND r.hash = o.hash
      WHERE o.variant_id = $1 AND $2 = ANY(o.coordinates) AND r.${column} >= $3::${type}
      GROUP BY o.hash, o.name, o.type
      ORDER BY count DESC, o.hash
      LIMIT $4`,
    [variantId, coordinate, from, limit],
  );
  return rows.map((row) => ({ ...row, count: Number(row.count) }));
}

export interface DenialRow {
  coordinate: string;
  client: string;
  version: string;
  count: number;
  lastDenied: string;
}

export async function denials(db: Queryable, variantId: number, fromHour: string): Promise<DenialRow[]> {
  const rows = await db.query<{
    coordinate: string;
    name: string;
    version: string;
    count: number;
    last: Date;
  }>(
    `SELECT co.coordinate, cl.name, cl.version, SUM(d.count)::float8 AS count, MAX(d.hour) AS last
       FROM usage_denial_hours d
       JOIN usage_coordinates co ON co.id = d.coordinate_id
       JOIN usage_clients cl ON cl.id = d.client_id
      WHERE d.variant_id = $1 AND d.hour >= $2::timestamptz
      GROUP BY co.coordinate, cl.name, cl.version
      ORDER BY count DESC, co.coordinate, cl.name, cl.version`,
    [variantId, fromHour],
  );
  return rows.map((row) => ({
    coordinate: row.coordinate,
    client: row.name,
    version: row.version,
    count: Number(row.count),
    lastDenied: toIso(row.last),
  }));
}

/**
 * Since which supergraph version `coordinate` is deprecated: the latest version whose changelog says
 * DEPRECATION_ADDED for it; else (it came deprecated) the first version whose changelog added it, its field or
 * its type (`…_ADDED`); else the variant's first version.
 */
export async function deprecatedSince(
  db: Queryable,
  variantId: number,
  coordinate: string,
): Promise<number | null> {
  const field = coordinate.replace(/\([^)]*\)$/, '');
  const type = field.split('.')[0] ?? field;
  const rows = await db.query<{ version: number | null }>(
    `SELECT COALESCE(
       (SELECT version FROM supergraph_versions WHERE variant_id = $1 AND changelog @> $2::jsonb
         ORDER BY version DESC LIMIT 1),
       (SELECT MIN(version) FROM supergraph_versions v WHERE v.variant_id = $1 AND EXISTS (
          SELECT 1 FROM jsonb_array_elements(v.changelog) AS c
           WHERE c->>'coordinate' = ANY($3::text[]) AND c->>'code' LIKE '%\\_ADDED')),
       (SELECT MIN(version) FROM supergraph_versions WHERE variant_id = $1)) AS version`,
    [variantId, JSON.stringify([{ code: 'DEPRECATION_ADDED', coordinate }]), [coordinate, field, type]],
  );
  return rows[0]?.version ?? null;
}

/** The recorded coordinates of the variant that start with one of `prefixes` (`User.` for the type `User`). */
export async function coordinatesWithPrefixes(
  db: Queryable,
  variantId: number,
  prefixes: readonly string[],
): Promise<string[]> {
  if (prefixes.length === 0) return [];
  const rows = await db.query<{ coordinate: string }>(
    `SELECT coordinate FROM usage_coordinates
      WHERE variant_id = $1 AND coordinate LIKE ANY($2::text[])`,
    [variantId, prefixes.map((prefix) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)],
  );
  return rows.map((row) => row.coordinate);
}

/** Requests per client and version since `fromHour` (the hourly operation rollup), most first. */
export async function requestsByClient(
  db: Queryable,
  variantId: number,
  fromHour: string,
): Promise<{ client: string; version: string; count: number }[]> {
  const rows = await db.query<{ name: string; version: string; count: number }>(
    `SELECT cl.name, cl.version, SUM(r.count)::float8 AS count
       FROM usage_operation_hours r JOIN usage_clients cl ON cl.id = r.client_id
      WHERE r.variant_id = $1 AND r.hour >= $2::timestamptz
      GROUP BY cl.name, cl.version`,
    [variantId, fromHour],
  );
  return rows.map((row) => ({ client: row.name, version: row.version, count: Number(row.count) }));
}

/** Whether any hub ever reported usage of the variant (operations are kept past the rollups' retention). */
export async function hasReportedUsage(db: Queryable, variantId: number): Promise<boolean> {
  const rows = await db.query<{ found: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM usage_operations WHERE variant_id = $1) AS found',
    [variantId],
  );
  return rows[0]?.found === true;
}
