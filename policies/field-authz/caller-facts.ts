/**
 * Reduces a principal to the facts authorization decisions depend on, and to a key naming them: two callers
 * with the same key get the same decisions, so decisions are cached by it. Pure: no Node or Apollo.
 */
import type { Principal } from '../contract/principal.js';
import { matchesClaims } from './claim-predicate.js';
import type { ClaimPredicate } from './options.js';
import type { CallerFacts } from './requirement.js';

/** What authorization reads of the hub's principal. */
export type AuthzPrincipal = Pick<Principal, 'subject' | 'scopes' | 'claims'>;

export interface KeyedCallerFacts extends CallerFacts {
  /** Equal for callers whose facts are equal, counting only the scopes some requirement mentions. */
  readonly key: string;
}

export const ANONYMOUS_FACTS: KeyedCallerFacts = Object.freeze({
  authenticated: false,
  scopes: new Set<string>(),
  policies: new Set<string>(),
  key: 'anonymous',
});

export function callerFactsOf(
  principal: AuthzPrincipal | undefined,
  policies: Readonly<Record<string, ClaimPredicate>>,
  relevantScopes: ReadonlySet<string>,
): KeyedCallerFacts {
  if (principal === undefined) return ANONYMOUS_FACTS;
  const scopes = [...principal.scopes].filter((scope) => relevantScopes.has(scope)).sort();
  const satisfied = Object.entries(policies)
    .filter(([, predicate]) => matchesClaims(predicate, principal.claims))
    .map(([name]) => name)
    .sort();
  return {
    authenticated: true,
    scopes: new Set(scopes),
    policies: new Set(satisfied),
    key: JSON.stringify([scopes, satisfied]),
  };
}
