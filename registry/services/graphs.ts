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
import { findDeletion } from '../storage/repositories/registry-audit.js';
import type { RegistryContext } from './registry-context.js';

export async function createGraph(ctx: RegistryContext, name: string): Promise<GraphInfo> {
  const graph = await insertGraph(ctx.db, name);
  if (!graph) throw RegistryErrors.GRAPH_EXISTS.create({ graph: name });
  return toGraphInfo(graph);
}

export function listAllGraphs(ctx: RegistryContext): Promise<GraphSummary[]> {
  return listGraphs(ctx.db);
}

/**
 * The graph, or 400 UNKNOWN_GRAPH: graphs are created explicitly, never on first publish. A graph that was deleted
 * (and not created again) is 404 GRAPH_DELETED, saying by whom and when: what a hub polling it logs.
 */
export async function requireGraph(db: Queryable, name: string): Promise<GraphRow> {
  const graph = await findGraph(db, name);
  if (graph) return graph;
  const deletion = await findDeletion(db, name, null);
  if (deletion) {
    throw RegistryErrors.GRAPH_DELETED.create({
      graph: name,
      deletedBy: deletion.actor,
      deletedAt: deletion.createdAt,
      reason: deletion.reason,
    });
  }
  throw RegistryErrors.UNKNOWN_GRAPH.create({ graph: name });
}
