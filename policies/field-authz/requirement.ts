/**
 * What a caller needs to read one schema element, and whether a caller has it. Pure: no Node or Apollo.
 *
 * A requirement is a conjunction: every clause must hold. Each scope or policy clause is one directive's
 * argument, alternatives (OR) of sets that must all be held (AND): `[["read:finance"], ["admin"]]`. Merging
 * the requirements of a field, its return type and a config rule just concatenates clauses.
 *
 * `@requiresScopes` and `@policy` imply `@authenticated`: an anonymous caller has neither scopes nor claims. A
 * clause with no alternatives (`scopes: []`) can never be satisfied and always denies.
 */

export type Alternatives = readonly (readonly string[])[];

export interface Requirement {
  readonly authenticated: boolean;
  readonly scopes: readonly Alternatives[];
  readonly policies: readonly Alternatives[];
}

/** What is known about the caller, reduced to what requirements test. */
export interface CallerFacts {
  readonly authenticated: boolean;
  readonly scopes: ReadonlySet<string>;
  /** Names of the configured policies whose predicate the caller's claims satisfy. */
  readonly policies: ReadonlySet<string>;
}

export const NO_REQUIREMENT: Requirement = Object.freeze({ authenticated: false, scopes: [], policies: [] });

export function isUnrestricted(requirement: Requirement): boolean {
  return !requirement.authenticated && requirement.scopes.length === 0 && requirement.policies.length === 0;
}

/** The conjunction of `requirements`, with duplicate clauses removed. */
export function allOf(requirements: readonly (Requirement | undefined)[]): Requirement {
  const present = requirements.filter((requirement): requirement is Requirement => requirement !== undefined);
  const restricted = present.filter((requirement) => !isUnrestricted(requirement));
  if (restricted.length === 0) return NO_REQUIREMENT;
  if (restricted.length === 1) return restricted[0] ?? NO_REQUIREMENT;
  return Object.freeze({
    authenticated: restricted.some((requirement) => requirement.authenticated),
    scopes: uniqueClauses(restricted.flatMap((requirement) => requirement.scopes)),
    policies: uniqueClauses(restricted.flatMap((requirement) => requirement.policies)),
  });
}

export function isSatisfiedBy(requirement: Requirement, caller: CallerFacts): boolean {
  if (isUnrestricted(requirement)) return true;
  if (!caller.authenticated) return false;
  return (
    requirement.scopes.every((clause) => satisfiesClause(clause, caller.scopes)) &&
    requirement.policies.every((clause) => satisfiesClause(clause, caller.policies))
  );
}

function satisfiesClause(clause: Alternatives, held: ReadonlySet<string>): boolean {
  return clause.some((set) => set.every((name) => held.has(name)));
}

function uniqueClauses(clauses: readonly Alternatives[]): readonly Alternatives[] {
  const seen = new Map<string, Alternatives>();
  for (const clause of clauses) seen.set(JSON.stringify(clause), clause);
  return [...seen.values()];
}
