/**
 * `@skip(if:)` and `@include(if:)` on fields, inline fragments and fragment spreads. A literal condition is decided
 * when the document is compiled (a skipped selection is left out); a variable is read per request. A variable
 * with neither a value nor a default leaves the selection in (the estimate stays an upper bound; validation and
 * execution report the missing variable). Pure: graphql-js only.
 */
import { Kind, type DirectiveNode } from 'graphql';
import type { Variables } from './cost-metadata.js';
import { variableValue } from './input-cost.js';

export interface Condition {
  readonly variable: string;
  /** The variable's value that leaves the selection out: `true` for `@skip`, `false` for `@include`. */
  readonly skipWhen: boolean;
}

/** The selection is never executed (a literal `@skip(if: true)` or `@include(if: false)`). */
export const ALWAYS_SKIPPED = Symbol('always skipped');

export function compileConditions(
  directives: readonly DirectiveNode[] | undefined,
): readonly Condition[] | typeof ALWAYS_SKIPPED {
  const conditions: Condition[] = [];
  for (const directive of directives ?? []) {
    const name = directive.name.value;
    if (name !== 'skip' && name !== 'include') continue;
    const skipWhen = name === 'skip';
    const value = directive.arguments?.find((argument) => argument.name.value === 'if')?.value;
    if (value?.kind === Kind.BOOLEAN && value.value === skipWhen) return ALWAYS_SKIPPED;
    if (value?.kind === Kind.VARIABLE) conditions.push({ variable: value.name.value, skipWhen });
  }
  return conditions;
}

export function isSkipped(
  conditions: readonly Condition[],
  variables: Variables,
  defaults: ReadonlyMap<string, unknown>,
): boolean {
  return conditions.some(
    (condition) => variableValue(variables, defaults, condition.variable) === condition.skipWhen,
  );
}
