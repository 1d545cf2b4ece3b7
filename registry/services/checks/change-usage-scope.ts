/**
 * Which recorded coordinates tell whether a change breaks somebody (docs/checks.md, "Usage-aware checks"). Pure.
 *
 * - a removed or retyped field, argument, input field or enum value: that coordinate;
 * - a required argument added: the field (every request of it must now pass the argument);
 * - a removed type or one that changed kind, a required input field added, `@oneOf` added: every coordinate of
 *   the type (`Type.*`);
 * - anything else (directives, union members, interfaces, root types): usage cannot tell, so the change blocks.
 */
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

/** `null`: usage cannot tell who depends on this change. */
export function changeUsageScope(change: Pick<ReportedChange, 'code' | 'coordinate'>): UsageScope | null {
  const { code, coordinate } = change;
  switch (code) {
    case 'FIELD_REMOVED':
    case 'FIELD_TYPE_CHANGED':
    case 'ARG_REMOVED':
    case 'ARG_TYPE_CHANGED':
    case 'INPUT_FIELD_REMOVED':
    case 'INPUT_FIELD_TYPE_CHANGED':
    case 'ENUM_VALUE_REMOVED':
      return { coordinates: [coordinate], prefixes: [] };
    case 'REQUIRED_ARG_ADDED':
      return { coordinates: [fieldOf(coordinate)], prefixes: [] };
    case 'TYPE_REMOVED':
    case 'TYPE_KIND_CHANGED':
    case 'REQUIRED_INPUT_FIELD_ADDED':
    case 'ONE_OF_ADDED':
      return { coordinates: [], prefixes: [`${typeOf(coordinate)}.`] };
    default:
      return null;
  }
}

/** Whether `coordinate` is in the scope. */
export function inUsageScope(scope: UsageScope, coordinate: string): boolean {
  return (
    scope.coordinates.includes(coordinate) || scope.prefixes.some((prefix) => coordinate.startsWith(prefix))
  );
}
