/**
 * Per request: the input fields and enum values a request's variable values name, walked against the
 * variables' types. Each coordinate counts once per request; those the document already names are skipped.
 * The walk is bounded (`MAX_VALUES` values): the body limit bounds it already, this bounds its cost. Pure.
 */
import { isEnumType, isInputObjectType, isListType, isNonNullType, type GraphQLInputType } from 'graphql';
import type { VariableWalk } from '../../lib/operation-coordinates.js';

const MAX_VALUES = 100_000;

interface Walk {
  readonly skip: ReadonlySet<string>;
  readonly out: Set<string>;
  budget: number;
}

function add(walk: Walk, coordinate: string): void {
  if (!walk.skip.has(coordinate)) walk.out.add(coordinate);
}

function walkValue(value: unknown, type: GraphQLInputType, walk: Walk): void {
  if (value === null || value === undefined || walk.budget <= 0) return;
  walk.budget -= 1;
  if (isNonNullType(type)) {
    walkValue(value, type.ofType, walk);
    return;
  }
  if (isListType(type)) {
    if (Array.isArray(value)) for (const item of value) walkValue(item, type.ofType, walk);
    else walkValue(value, type.ofType, walk);
    return;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object' || Array.isArray(value)) return;
    const fields = type.getFields();
    for (const [key, fieldValue] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[key];
      if (field === undefined) continue;
      add(walk, `${type.name}.${key}`);
      walkValue(fieldValue, field.type, walk);
    }
    return;
  }
  if (isEnumType(type) && typeof value === 'string' && type.getValue(value) !== undefined) {
    add(walk, `${type.name}.${value}`);
  }
}

/** The coordinates the variables name beyond `known` (the document's own); empty when there are none. */
export function variableCoordinates(
  walks: readonly VariableWalk[],
  variables: Readonly<Record<string, unknown>> | undefined,
  known: ReadonlySet<string>,
): Set<string> {
  const walk: Walk = { skip: known, out: new Set(), budget: MAX_VALUES };
  for (const variable of walks) {
    const value = variables?.[variable.name];
    if (value === undefined) {
      for (const coordinate of variable.defaultCoordinates) add(walk, coordinate);
    } else {
      walkValue(value, variable.type, walk);
    }
  }
  return walk.out;
}
