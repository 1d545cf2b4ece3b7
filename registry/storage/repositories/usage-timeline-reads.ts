/**
 * The usage of one coordinate per bucket (day or hour) and client version: the rows of the rollup the period is
 * read from, by its primary key (variant, coordinate, bucket, client).
 */
import type { Queryable } from '../database.js';
import type { PeriodBuckets } from './usage-reads.js';
import { toIso } from './timestamps.js';

export interface TimelineRow {
  /** Start of the bucket, ISO 8601 (a day's midnight UTC, or an hour). */
  bucket: string;
  client: string;
  version: string;
  count: number;
}

export async function coordinateTimeline(
  db: Queryable,
  variantId: number,
  coordinate: string,
  period: PeriodBuckets,
): Promise<TimelineRow[]> {
  const [table, column, type] =
    period.unit === 'day'
      ? ['usage_coordinate_days', 'day', 'date']
      : ['usage_coordinate_hours', 'hour', 'timestamptz'];
  const rows = await db.query<{ bucket: Date | string; name: string; version: string; count: number }>(
    `SELECT t.${column} AS bucket, c.name, c.version, SUM(t.count)::float8 AS count
       FROM ${table} t
       JOIN usage_coordinates k ON k.id = t.coordinate_id
       JOIN usage_clients c ON c.id = t.client_id
      WHERE t.variant_id = $1 AND k.variant_id = $1 AND k.coordinate = $2 AND t.${column} >= $3::${type}
      GROUP BY t.${column}, c.name, c.version
      ORDER BY t.${column}, c.name, c.version`,
    [variantId, coordinate, period.firstBucket],
  );
  return rows.map((row) => ({
    bucket: typeof row.bucket === 'string' ? `${row.bucket.slice(0, 10)}T00:00:00.000Z` : toIso(row.bucket),
    client: row.name,
    version: row.version,
    count: row.count,
  }));
}

export interface TotalsRow {
  coordinate: string;
  bucket: string;
  count: number;
}

/** The requests per bucket of several coordinates, all clients together, sorted by coordinate and bucket. */
export async function coordinatesTotals(
  db: Queryable,
  variantId: number,
  coordinates: readonly string[],
  period: PeriodBuckets,
): Promise<TotalsRow[]> {
  if (coordinates.length === 0) return [];
  const [table, column, type] =
    period.unit === 'day'
      ? ['usage_coordinate_days', 'day', 'date']
      : ['usage_coordinate_hours', 'hour', 'timestamptz'];
  const rows = await db.query<{ coordinate: string; bucket: Date | string; count: number }>(
    `SELECT k.coordinate, t.${column} AS bucket, SUM(t.count)::float8 AS count
       FROM ${table} t
       JOIN usage_coordinates k ON k.id = t.coordinate_id
      WHERE t.variant_id = $1 AND k.variant_id = $1 AND k.coordinate = ANY($2::text[])
        AND t.${column} >= $3::${type}
      GROUP BY k.coordinate, t.${column}
      ORDER BY k.coordinate, t.${column}`,
    [variantId, coordinates, period.firstBucket],
  );
  return rows.map((row) => ({
    coordinate: row.coordinate,
    bucket: typeof row.bucket === 'string' ? `${row.bucket.slice(0, 10)}T00:00:00.000Z` : toIso(row.bucket),
    count: row.count,
  }));
}
