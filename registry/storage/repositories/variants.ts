import type { Queryable } from '../database.js';
import { toIso } from './timestamps.js';

export interface VariantRow {
  id: number;
  graphId: number;
  name: string;
  currentVersion: number | null;
}

interface RawVariant {
  id: number;
  graph_id: number;
  name: string;
  current_version: number | null;
}

function toVariant(row: RawVariant): VariantRow {
  return { id: row.id, graphId: row.graph_id, name: row.name, currentVersion: row.current_version };
}

export async function findVariant(db: Queryable, graphId: number, name: string): Promise<VariantRow | null> {
  const rows = await db.query<RawVariant>(
    'SELECT id, graph_id, name, current_version FROM variants WHERE graph_id = $1 AND name = $2',
    [graphId, name],
  );
  return rows[0] ? toVariant(rows[0]) : null;
}

/** The names of the graph's variants, sorted. */
export async function listVariantNames(db: Queryable, graphId: number): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    'SELECT name FROM variants WHERE graph_id = $1 ORDER BY name COLLATE "C"',
    [graphId],
  );
  return rows.map((row) => row.name);
}

/** Inserts the variant; `null` when the graph already has one of that name. */
export async function insertVariant(
  db: Queryable,
  graphId: number,
  name: string,
): Promise<(VariantRow & { createdAt: string }) | null> {
  const rows = await db.query<RawVariant & { created_at: Date }>(
    `INSERT INTO variants (graph_id, name, created_at) VALUES ($1, $2, clock_timestamp()) ON CONFLICT DO NOTHING
     RETURNING id, graph_id, name, current_version, created_at`,
    [graphId, name],
  );
  const row = rows[0];
  return row ? { ...toVariant(row), createdAt: toIso(row.created_at) } : null;
}

/** Returns the variant, creating it on first use (`created`). Call under the variant lock. */
export async function ensureVariant(
  db: Queryable,
  graphId: number,
  name: string,
): Promise<{ variant: VariantRow; created: boolean }> {
  const inserted = await insertVariant(db, graphId, name);
  if (inserted) return { variant: inserted, created: true };
  const variant = await findVariant(db, graphId, name);
  if (!variant) throw new Error(`variant ${name} vanished right after its insert`);
  return { variant, created: false };
}

export async function setCurrentVersion(
  db: Queryable,
  variantId: number,
  version: number | null,
): Promise<void> {
  await db.query('UPDATE variants SET current_version = $2 WHERE id = $1', [variantId, version]);
}
