import { isEnumType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import type { ClassifiedChange } from '../classify-changes.js';
import type { ReportLintFinding } from '../check-report.js';
import type { LintConfig } from './lint-config.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RemovalContext {
  /** The deprecation reason of a removed element in the current API schema; `undefined` when not deprecated. */
  readonly deprecationReason: (coordinate: string) => string | undefined;
  /** When the element's deprecation was published; `null` when no version records it. */
  readonly deprecatedSince: (coordinate: string) => Date | null;
  readonly now: Date;
}

/**
 * REQUIRE_DEPRECATION_BEFORE_REMOVAL: a field (or enum value) may only be removed from the API schema after it
 * has been deprecated for the graph's grace period. A deprecation whose date no version records (deprecated in
 * the first version) counts as old enough.
 */
export function lintRemovals(
  changes: readonly ClassifiedChange[],
  context: RemovalContext,
  config: LintConfig,
): ReportLintFinding[] {
  const level = config.rules.REQUIRE_DEPRECATION_BEFORE_REMOVAL;
  if (level === 'off') return [];
  const severity = level === 'error' ? 'error' : 'warning';
  const findings: ReportLintFinding[] = [];
  for (const change of changes) {
    if (change.code !== 'FIELD_REMOVED' && change.code !== 'ENUM_VALUE_REMOVED') continue;
    const reason = context.deprecationReason(change.coordinate);
    let message: string | null = null;
    if (reason === undefined) {
      message = `'${change.coordinate}' was removed without being deprecated first`;
    } else {
      const since = context.deprecatedSince(change.coordinate);
      const days = config.deprecationGracePeriodDays;
      if (since && context.now.getTime() - since.getTime() < days * DAY_MS) {
        message = `'${change.coordinate}' was deprecated on ${since.toISOString()}; it may be removed ${days} days after that`;
      }
    }
    if (message) {
      findings.push({
        rule: 'REQUIRE_DEPRECATION_BEFORE_REMOVAL',
        severity,
        message,
        coordinate: change.coordinate,
      });
    }
  }
  return findings;
}

/** The deprecation reason of `Type.member` in the schema, or `undefined` when it is not deprecated. */
export function deprecationReason(schema: GraphQLSchema, coordinate: string): string | undefined {
  const [typeName = '', member = ''] = coordinate.split('.');
  const type = schema.getType(typeName);
  if (isObjectType(type) || isInterfaceType(type))
    return type.getFields()[member]?.deprecationReason ?? undefined;
  if (isEnumType(type)) return type.getValue(member)?.deprecationReason ?? undefined;
  return undefined;
}
