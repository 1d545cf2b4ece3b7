import type { GraphInfo, GraphSummary } from '../../api-types.js';
import type { Queryable } from '../database.js';
import { toIso } from './timestamps.js';

export interface GraphRow {
  id: number;
  name: string;
  createdAt: string;
}

interface RawGraph {
  id: number;
  name: string;
  created_at: Date;
}

function toGraph(row: RawGraph): GraphRow {
  return { id: row.id, name: row.name, createdAt: toIso(row.created_at) };
}

export function toGraphInfo(graph: GraphRow): GraphInfo {
  return { name: graph.name, createdAt: graph.createdAt };
}

/** Inserts the graph; `null` when a graph of that name already exists. */
export async function insertGraph(db: Queryable, name: string): Promise<GraphRow | null> {
  const rows = await db.query<RawGraph>(
    'INSERT INTO graphs (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id, name, created_at',
    [name],
  );
  return rows[0] ? toGraph(rows[0]) : null;
}

export async function findGraph(db: Queryable, name: string): Promise<GraphRow | null> {
  const rows = await db.query<RawGraph>('SELECT id, name, created_at FROM graphs WHERE name = $1', [name]);
  return rows[0] ? toGraph(rows[0]) : null;
}

export async function listGraphs(db: Queryable): Promise<GraphSummary[]> {
  const rows = await db.query<{ name: string; created_at: Date; variants: string[] }>(
    `SELECT g.name, g.created_at,
            COALESCE(array_agg(v.name ORDER BY v.name COLLATE "C") FILTER (WHERE v.name IS NOT NULL), '{}') AS variants
       FROM graphs g LEFT JOIN variants v ON v.graph_id = g.id
      GROUP BY g.id ORDER BY g.name COLLATE "C"`,
  );
  return rows.map((row) => ({ name: row.name, createdAt: toIso(row.created_at), variants: row.variants }));
}
