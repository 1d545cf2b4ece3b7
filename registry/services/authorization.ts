import { RegistryErrors } from '../errors.js';
import type { Principal } from './authentication.js';

/**
 * What a role may do. `admin` can do everything, `publisher` can read and change subgraphs (only those named
 * on its token, when it names any), `reader` can read. A publisher or reader token that names `graphs` acts only
 * within those graphs; a token without `graphs` reaches every graph. `usage` (what hubs hold to report usage) can
 * write usage, within its graphs, and nothing else: not even read.
 */
export type Permission =
  /** `graph: null`: registry-wide reads (the graph list, which is then limited to the token's graphs). */
  | { action: 'read'; graph: string | null }
  | { action: 'publish'; graph: string; subgraph: string }
  /** Register or retire persisted operations of client versions: a publisher whose token names no subgraphs. */
  | { action: 'publish-operations'; graph: string }
  | { action: 'admin' }
  /** Hubs reporting usage (`POST …/usage`): admin and usage tokens. */
  | { action: 'write-usage'; graph: string }
  /** Create, list, test and delete a graph's webhooks and read their deliveries: admin, or a publisher token not limited to subgraphs. */
  | { action: 'manage-webhooks'; graph: string };

/** Whether the token may act in the graph: it names no graphs, or names this one. */
export function inGraphScope(principal: Principal, graph: string): boolean {
  return principal.graphs === null || principal.graphs.includes(graph);
}

export function isAllowed(principal: Principal, permission: Permission): boolean {
  if (principal.role === 'admin') return true;
  if (permission.action === 'admin') return false;
  if (permission.graph !== null && !inGraphScope(principal, permission.graph)) return false;
  switch (principal.role) {
    case 'usage':
      return permission.action === 'write-usage';
    case 'publisher':
      if (permission.action === 'write-usage') return false;
      if (permission.action === 'read') return true;
      if (permission.action === 'publish-operations' || permission.action === 'manage-webhooks')
        return principal.subgraphs === null;
      return principal.subgraphs === null || principal.subgraphs.includes(permission.subgraph);
    case 'reader':
      return permission.action === 'read';
  }
}

/** Throws FORBIDDEN unless the principal has the permission. */
export function authorize(principal: Principal, permission: Permission): void {
  if (isAllowed(principal, permission)) return;
  const outOfScope =
    permission.action !== 'admin' &&
    permission.graph !== null &&
    principal.graphs !== null &&
    !inGraphScope(principal, permission.graph);
  const scope = outOfScope ? ` (the token is limited to graphs: ${principal.graphs?.join(', ')})` : '';
  throw RegistryErrors.FORBIDDEN.create({
    role: principal.role,
    operation: `${describe(permission)}${scope}`,
  });
}

function describe(permission: Permission): string {
  switch (permission.action) {
    case 'read':
      return permission.graph === null ? 'read the registry' : `read graph "${permission.graph}"`;
    case 'publish':
      return `publish or delete subgraph "${permission.subgraph}" in graph "${permission.graph}"`;
    case 'publish-operations':
      return `register or retire persisted operations in graph "${permission.graph}" (a publisher token limited to subgraphs cannot)`;
    case 'admin':
      return 'manage graphs and tokens';
    case 'write-usage':
      return `report usage of graph "${permission.graph}"`;
    case 'manage-webhooks':
      return `manage the webhooks of graph "${permission.graph}" (admin, or a publisher token not limited to subgraphs)`;
  }
}
