import type { Queryable } from '../database.js';

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

/** Returns the variant, creating it on first use. Call under the variant lock. */
export async function ensureVariant(db: Queryable, graphId: number, name: string): Promise<VariantRow> {
  await db.query('INSERT INTO variants (graph_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
    graphId,
    name,
  ]);
  const variant = await findVariant(db, graphId, name);
  if (!variant) throw new Error(`variant ${name} vanished right after its insert`);
  return variant;
}

export async function setCurrentVersion(
  db: Queryable,
  variantId: number,
  version: number | null,
): Promise<void> {
  await db.query('UPDATE variants SET current_version = $2 WHERE id = $1', [variantId, version]);
}
