/**
 * Evaluates declarative claim predicates against a caller's verified claims. Pure: no Node or Apollo.
 */
import type { ClaimPredicate } from './options.js';

export function matchesClaims(predicate: ClaimPredicate, claims: Readonly<Record<string, unknown>>): boolean {
  if ('allOf' in predicate) return predicate.allOf.every((inner) => matchesClaims(inner, claims));
  if ('anyOf' in predicate) return predicate.anyOf.some((inner) => matchesClaims(inner, claims));
  const value = readClaim(claims, predicate.claim);
  if ('equals' in predicate) return value === predicate.equals;
  if ('contains' in predicate) return Array.isArray(value) && value.includes(predicate.contains);
  return predicate.oneOf.some((candidate) => candidate === value);
}

function readClaim(claims: Readonly<Record<string, unknown>>, claim: string | readonly string[]): unknown {
  const path = typeof claim === 'string' ? [claim] : claim;
  let current: unknown = claims;
  for (const name of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    if (!Object.hasOwn(current, name)) return undefined;
    current = (current as Record<string, unknown>)[name];
  }
  return current;
}
