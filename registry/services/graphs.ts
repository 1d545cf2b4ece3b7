import type { GraphInfo, GraphSummary } from '../api-types.js';
import { RegistryErrors } from '../errors.js';
import type { Queryable } from '../storage/database.js';
import {
  findGraph,
  insertGraph,
  listGraphs,
  toGraphInfo,
  type GraphRow,
} from '../storage/repositories/graphs.js';
import type { RegistryContext } from './registry-context.js';

export async function createGraph(ctx: RegistryContext, name: string): Promise<GraphInfo> {
  const graph = await insertGraph(ctx.db, name);
  if (!graph) throw RegistryErrors.GRAPH_EXISTS.create({ graph: name });
  return toGraphInfo(graph);
}

export function listAllGraphs(ctx: RegistryContext): Promise<GraphSummary[]> {
  return listGraphs(ctx.db);
}

/** The graph, or 400 UNKNOWN_GRAPH: graphs are created explicitly, never on first publish. */
export async function requireGraph(db: Queryable, name: string): Promise<GraphRow> {
  const graph = await findGraph(db, name);
  if (!graph) throw RegistryErrors.UNKNOWN_GRAPH.create({ graph: name });
  return graph;
}
