/**
 * Which recorded coordinates tell whether a change breaks somebody (docs/checks.md, "Usage-aware checks"). Pure.
 *
 * - a removed or retyped field, argument, input field or enum value: that coordinate;
 * - a required argument added: the field (every request of it must now pass the argument);
 * - a removed type or one that changed kind, a required input field added, `@oneOf` added: every coordinate of
 *   the type (`Type.*`);
 * - anything else (directives, union members, interfaces, root types): usage cannot tell, so the change blocks.
 */
import type { ChangeCode } from '../../checks/change-codes.js';
import type { ReportedChange } from '../../checks/check-report.js';

export interface UsageScope {
  /** Coordinates matched exactly. */
  readonly coordinates: readonly string[];
  /** Coordinates matched by prefix (`Type.`). */
  readonly prefixes: readonly string[];
}

function typeOf(coordinate: string): string {
  return coordinate.split('.')[0] ?? coordinate;
}

function fieldOf(coordinate: string): string {
  return coordinate.replace(/\([^)]*\)$/, '');
}

type ScopeKind = 'coordinate' | 'field' | 'type';

/**
 * Per change code: which coordinates tell (`null`: usage cannot). Every code is listed, so a new one needs a
 * decision. Output enums and abstract types are not recorded by usage (only what a request names is), so enum
 * values and implementations added cannot be told apart from unused.
 */
const SCOPE_KINDS: Readonly<Record<ChangeCode, ScopeKind | null>> = {
  TYPE_REMOVED: 'type',
  TYPE_ADDED: null,
  TYPE_KIND_CHANGED: 'type',
  DESCRIPTION_CHANGED: null,
  ROOT_TYPE_CHANGED: null,
  ROOT_TYPE_ADDED: null,
  FIELD_REMOVED: 'coordinate',
  FIELD_ADDED: null,
  FIELD_TYPE_CHANGED: 'coordinate',
  FIELD_TYPE_NARROWED: null,
  DEPRECATION_ADDED: null,
  DEPRECATION_REMOVED: null,
  DEPRECATION_REASON_CHANGED: null,
  ARG_REMOVED: 'coordinate',
  REQUIRED_ARG_ADDED: 'field',
  OPTIONAL_ARG_ADDED: null,
  ARG_TYPE_CHANGED: 'coordinate',
  ARG_TYPE_WIDENED: null,
  DEFAULT_VALUE_CHANGED: null,
  DEFAULT_VALUE_ADDED: null,
  INPUT_FIELD_REMOVED: 'coordinate',
  REQUIRED_INPUT_FIELD_ADDED: 'type',
  OPTIONAL_INPUT_FIELD_ADDED: null,
  INPUT_FIELD_TYPE_CHANGED: 'coordinate',
  INPUT_FIELD_TYPE_WIDENED: null,
  ONE_OF_ADDED: 'type',
  ENUM_VALUE_REMOVED: 'coordinate',
  ENUM_VALUE_ADDED: null,
  UNION_MEMBER_REMOVED: null,
  UNION_MEMBER_ADDED: null,
  INTERFACE_REMOVED_FROM_OBJECT: null,
  INTERFACE_ADDED_TO_OBJECT: null,
  IMPLEMENTATION_ADDED: null,
  DIRECTIVE_REMOVED: null,
  DIRECTIVE_ADDED: null,
  DIRECTIVE_ARG_REMOVED: null,
  REQUIRED_DIRECTIVE_ARG_ADDED: null,
  DIRECTIVE_ARG_ADDED: null,
  DIRECTIVE_ARG_TYPE_CHANGED: null,
  DIRECTIVE_ARG_TYPE_WIDENED: null,
  DIRECTIVE_LOCATION_REMOVED: null,
  DIRECTIVE_LOCATION_ADDED: null,
  DIRECTIVE_REPEATABLE_REMOVED: null,
  DIRECTIVE_REPEATABLE_ADDED: null,
  DIRECTIVE_USAGE_ADDED: null,
  DIRECTIVE_USAGE_REMOVED: null,
  DIRECTIVE_USAGE_CHANGED: null,
};

/** `null`: usage cannot tell who depends on this change. */
export function changeUsageScope(change: Pick<ReportedChange, 'code' | 'coordinate'>): UsageScope | null {
  const { code, coordinate } = change;
  switch (SCOPE_KINDS[code]) {
    case 'coordinate':
      return { coordinates: [coordinate], prefixes: [] };
    case 'field':
      return { coordinates: [fieldOf(coordinate)], prefixes: [] };
    case 'type':
      return { coordinates: [], prefixes: [`${typeOf(coordinate)}.`] };
    case null:
      return null;
  }
}

/** Whether `coordinate` is in the scope. */
export function inUsageScope(scope: UsageScope, coordinate: string): boolean {
  return (
    scope.coordinates.includes(coordinate) || scope.prefixes.some((prefix) => coordinate.startsWith(prefix))
  );
}
