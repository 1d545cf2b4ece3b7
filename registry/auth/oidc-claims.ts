/**
 * From verified claims to who the caller is in the registry: the role its claim values map to (the highest
 * when several do), its team and its graphs. Pure: no I/O, unit-tested on plain claims.
 */
import type { OidcOptions, OidcRole } from './oidc-options.js';

const RANK: Readonly<Record<OidcRole, number>> = { reader: 1, publisher: 2, admin: 3 };

export interface MappedIdentity {
  readonly role: OidcRole;
  readonly team: string | null;
  /** `null`: every graph (no graphs claim configured). */
  readonly graphs: string[] | null;
}

/** A claim as a list of strings: an array of strings, or a space-separated string (like `scope`). */
export function claimValues(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/\s+/).filter((part) => part !== '');
  if (Array.isArray(value)) return value.filter((part): part is string => typeof part === 'string');
  return [];
}

/** The identity the claims map to; `null` when no claim value maps to a role (deny by default). */
export function mapClaims(
  claims: Readonly<Record<string, unknown>>,
  options: Pick<OidcOptions, 'roleClaim' | 'roles' | 'teamClaim' | 'graphsClaim'>,
): MappedIdentity | null {
  let role: OidcRole | null = null;
  for (const value of claimValues(claims[options.roleClaim])) {
    const mapped = Object.hasOwn(options.roles, value) ? options.roles[value] : undefined;
    if (mapped !== undefined && (role === null || RANK[mapped] > RANK[role])) role = mapped;
  }
  if (role === null) return null;
  const team = options.teamClaim === undefined ? undefined : claims[options.teamClaim];
  return {
    role,
    team: typeof team === 'string' && team !== '' ? team : null,
    // A configured graphs claim that is absent limits the principal to no graph at all, not to every graph.
    graphs: options.graphsClaim === undefined ? null : claimValues(claims[options.graphsClaim]),
  };
}
