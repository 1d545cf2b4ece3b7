import type { SubgraphOwner } from '../api-types.js';
import { RegistryErrors } from '../errors.js';
import type { Principal } from './authentication.js';

/**
 * Subgraph ownership (docs/registry-api.md, "Ownership"). A subgraph may have an owner team. An **owner token**
 * is a publisher token whose `team` equals the subgraph's owner team. When a subgraph has an owner team, only
 * admin and owner tokens may publish, delete, force or approve for it; without one, any publisher its token
 * allows may publish it, and only admins approve or force.
 */
export function isOwner(principal: Principal, ownerTeam: string | null): boolean {
  return principal.role === 'publisher' && ownerTeam !== null && principal.team === ownerTeam;
}

export function isAdminOrOwner(principal: Principal, ownerTeam: string | null): boolean {
  return principal.role === 'admin' || isOwner(principal, ownerTeam);
}

/** 403 FORBIDDEN when the subgraph belongs to a team and the caller is neither admin nor that team. */
export function authorizeSubgraphChange(
  principal: Principal,
  subgraph: string,
  ownerTeam: string | null,
): void {
  if (ownerTeam === null || isAdminOrOwner(principal, ownerTeam)) return;
  throw RegistryErrors.FORBIDDEN.create({
    role: principal.role,
    operation: `change subgraph "${subgraph}", owned by team "${ownerTeam}"`,
  });
}

/** 403 FORBIDDEN unless admin or owner (approving a check, forcing a publish). */
export function requireAdminOrOwner(
  principal: Principal,
  subgraph: string,
  ownerTeam: string | null,
  operation: string,
): void {
  if (isAdminOrOwner(principal, ownerTeam)) return;
  throw RegistryErrors.FORBIDDEN.create({
    role: principal.role,
    operation: `${operation} for subgraph "${subgraph}" (admin or owner team${ownerTeam ? ` "${ownerTeam}"` : ''} only)`,
  });
}

export type Owner = SubgraphOwner;

/**
 * The owner after a publish. A new subgraph is owned by the requested team, else the publisher's team. The owner
 * team of an existing owned subgraph changes only through an admin; a publisher may only name its own team.
 */
export function resolveOwner(
  principal: Principal,
  subgraph: string,
  existing: Owner | null,
  requested: { team?: string | undefined; contact?: string | undefined },
): Owner {
  const team = requested.team ?? existing?.team ?? (existing ? null : principal.team);
  if (requested.team !== undefined && principal.role !== 'admin') {
    const claimsOther = requested.team !== principal.team;
    const takesOver = existing?.team != null && existing.team !== requested.team;
    if (claimsOther || takesOver) {
      throw RegistryErrors.FORBIDDEN.create({
        role: principal.role,
        operation: `make team "${requested.team}" the owner of subgraph "${subgraph}"`,
      });
    }
  }
  return { team, contact: requested.contact ?? existing?.contact ?? null };
}
