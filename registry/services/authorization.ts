import { RegistryErrors } from '../errors.js';
import type { Principal } from './authentication.js';

/**
 * What a role may do. `admin` can do everything, `publisher` can read and change subgraphs (only those named
 * on its token, when it names any), `reader` can read.
 */
export type Permission = { action: 'read' } | { action: 'publish'; subgraph: string } | { action: 'admin' };

export function isAllowed(principal: Principal, permission: Permission): boolean {
  switch (principal.role) {
    case 'admin':
      return true;
    case 'publisher':
      if (permission.action === 'read') return true;
      if (permission.action === 'admin') return false;
      return principal.subgraphs === null || principal.subgraphs.includes(permission.subgraph);
    case 'reader':
      return permission.action === 'read';
  }
}

/** Throws FORBIDDEN unless the principal has the permission. */
export function authorize(principal: Principal, permission: Permission): void {
  if (isAllowed(principal, permission)) return;
  throw RegistryErrors.FORBIDDEN.create({ role: principal.role, operation: describe(permission) });
}

function describe(permission: Permission): string {
  switch (permission.action) {
    case 'read':
      return 'read the registry';
    case 'publish':
      return `publish or delete subgraph "${permission.subgraph}"`;
    case 'admin':
      return 'manage graphs and tokens';
  }
}
