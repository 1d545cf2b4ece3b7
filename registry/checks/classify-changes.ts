import type { Change, diff as InspectorDiff } from '@graphql-inspector/core';
import { isInterfaceType, specifiedScalarTypes, type GraphQLSchema } from 'graphql';
import { createRequire } from 'node:module';
import { CHANGE_CODES, SEVERITIES, type ChangeCode, type Severity } from './change-codes.js';
import { mapInspectorChange, type MappedChange } from './inspector-change-mapping.js';
import { enclosingCoordinates, typeCoordinate } from './schema-coordinate.js';

// inspector's CommonJS build, loaded through `require`: the same code as its ESM build, but Node 20 loads its
// ~80 files in ~11 ms this way against ~43 ms through the ESM loader (`atrium schema diff` start-up, issue 9). It
// requires the same graphql module as everything else (graphql's package root is CommonJS, and vitest's alias
// points there too), so the schemas it gets are from its own graphql.
const { diff } = createRequire(import.meta.url)('@graphql-inspector/core') as {
  diff: typeof InspectorDiff;
};

/** One client-visible difference between two schemas, in our vocabulary. */
export interface ClassifiedChange {
  readonly code: ChangeCode;
  readonly severity: Severity;
  /** Schema coordinate of the element that changed: `Type`, `Type.field`, `Type.field(arg:)`, `@dir`, `schema`. */
  readonly coordinate: string;
  readonly message: string;
  /** inspector's path, when the change comes from inspector. */
  readonly path?: string;
  /** inspector's details (old and new types, values…); their shape is inspector's, not ours. */
  readonly meta?: Readonly<Record<string, unknown>>;
  /** What inspector said, when the change comes from inspector: its change type and criticality. */
  readonly inspector?: { readonly type: string; readonly criticality: string };
}

/**
 * Every change from `oldSchema` to `newSchema`, classified. @graphql-inspector/core finds the changes; we map
 * them to our codes (severity per code, see change-codes.ts), add what graphql-js reports and inspector does not,
 * and fold changes that another change already says: the contents of an added type, field or directive, a
 * default value whose element's type changed, a root type whose type was removed.
 */
export async function diffSchemas(
  oldSchema: GraphQLSchema,
  newSchema: GraphQLSchema,
): Promise<ClassifiedChange[]> {
  const inspected = await diff(oldSchema, newSchema);
  const candidates: Candidate[] = inspected.map((change) => ({
    ...mapInspectorChange(change),
    source: change,
  }));
  candidates.push(...removedStandardScalars(oldSchema, newSchema));
  candidates.push(...addedImplementations(oldSchema, newSchema));
  return sortChanges(fold(candidates).map(toClassifiedChange));
}

interface Candidate extends MappedChange {
  readonly source?: Change;
  /** Details of a change found here rather than by inspector. */
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** graphql-js reports a standard scalar that is no longer referenced as a removed type; inspector skips them. */
function removedStandardScalars(oldSchema: GraphQLSchema, newSchema: GraphQLSchema): Candidate[] {
  return specifiedScalarTypes
    .filter((scalar) => oldSchema.getType(scalar.name) && !newSchema.getType(scalar.name))
    .map((scalar) => ({
      code: 'TYPE_REMOVED',
      coordinate: typeCoordinate(scalar.name),
      message: `Standard scalar '${scalar.name}' was removed because it is no longer referenced`,
    }));
}

/**
 * An interface of both schemas whose possible object types grew: a new type implementing it, an existing type
 * that now does, or an implementation of an interface that now implements it. One change per interface, at the
 * interface, because that is where clients select it (`... on A` under `n: N` does not expect a `B`). A new
 * interface has no clients; its implementations are part of its addition.
 */
function addedImplementations(oldSchema: GraphQLSchema, newSchema: GraphQLSchema): Candidate[] {
  const found: Candidate[] = [];
  for (const type of Object.values(newSchema.getTypeMap())) {
    const before = oldSchema.getType(type.name);
    if (!isInterfaceType(type) || !isInterfaceType(before)) continue;
    const had = new Set(oldSchema.getPossibleTypes(before).map((object) => object.name));
    const added = newSchema
      .getPossibleTypes(type)
      .map((object) => object.name)
      .filter((name) => !had.has(name))
      .sort(compare);
    if (added.length === 0) continue;
    const names = added.map((name) => `'${name}'`).join(', ');
    found.push({
      code: 'IMPLEMENTATION_ADDED',
      coordinate: typeCoordinate(type.name),
      message: `Interface '${type.name}' has ${added.length === 1 ? 'a new implementation' : 'new implementations'}: ${names}; clients selecting it may not handle the new __typename`,
      meta: { interfaceName: type.name, addedTypeNames: added },
    });
  }
  return found;
}

/** Codes that introduce an element: what inspector reports inside that element is part of the addition. */
const INTRODUCING_CODES: ReadonlySet<ChangeCode> = new Set<ChangeCode>([
  'TYPE_ADDED',
  'FIELD_ADDED',
  'DIRECTIVE_ADDED',
  'ENUM_VALUE_ADDED',
  'OPTIONAL_ARG_ADDED',
  'REQUIRED_ARG_ADDED',
  'OPTIONAL_INPUT_FIELD_ADDED',
  'REQUIRED_INPUT_FIELD_ADDED',
  'DIRECTIVE_ARG_ADDED',
  'REQUIRED_DIRECTIVE_ARG_ADDED',
]);

function fold(candidates: readonly Candidate[]): Candidate[] {
  const introduced = new Set(
    candidates.filter((c) => INTRODUCING_CODES.has(c.code)).map((c) => c.coordinate),
  );
  const reported = new Set(candidates.map(keyOf));
  const seen = new Set<string>();
  const kept: Candidate[] = [];
  for (const candidate of candidates) {
    const insideAddition =
      enclosingCoordinates(candidate.coordinate).some((coordinate) => introduced.has(coordinate)) ||
      (introduced.has(candidate.coordinate) && !INTRODUCING_CODES.has(candidate.code));
    if (insideAddition) continue;
    if (impliedBy(candidate).some((key) => reported.has(key))) continue;
    const key = keyOf(candidate);
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(candidate);
  }
  return kept;
}

/** One change per code, element and (for applied directives) directive. */
function keyOf(change: { code: ChangeCode; coordinate: string; directive?: string }): string {
  return `${change.code}|${change.coordinate}|${change.directive ?? ''}`;
}

/** Changes at the same element that, when reported too, make a change redundant (graphql-js reports only them). */
const IMPLIED_BY: Partial<Record<ChangeCode, readonly ChangeCode[]>> = {
  DEFAULT_VALUE_CHANGED: ['ARG_TYPE_CHANGED', 'INPUT_FIELD_TYPE_CHANGED', 'DIRECTIVE_ARG_TYPE_CHANGED'],
  DEPRECATION_REASON_CHANGED: ['DEPRECATION_ADDED', 'DEPRECATION_REMOVED'],
  DIRECTIVE_USAGE_CHANGED: ['DIRECTIVE_USAGE_ADDED', 'DIRECTIVE_USAGE_REMOVED'],
};

/** Keys of the changes that make this one redundant. */
function impliedBy(candidate: Candidate): string[] {
  if (candidate.code === 'ROOT_TYPE_CHANGED') {
    // A root type that went away with its type is one change: the type removal.
    const oldRoot = oldRootTypeName(candidate.source);
    return oldRoot === undefined
      ? []
      : [keyOf({ code: 'TYPE_REMOVED', coordinate: typeCoordinate(oldRoot) })];
  }
  return (IMPLIED_BY[candidate.code] ?? []).map((code) =>
    keyOf({ code, coordinate: candidate.coordinate, ...directiveOf(candidate) }),
  );
}

function directiveOf(candidate: Candidate): { directive?: string } {
  return candidate.directive === undefined ? {} : { directive: candidate.directive };
}

function oldRootTypeName(change: Change | undefined): string | undefined {
  const meta = (change?.meta ?? {}) as Record<string, unknown>;
  const name = meta.oldQueryTypeName ?? meta.oldMutationTypeName ?? meta.oldSubscriptionTypeName;
  return typeof name === 'string' ? name : undefined;
}

function toClassifiedChange(candidate: Candidate): ClassifiedChange {
  const { code, coordinate, message, source } = candidate;
  const base = { code, severity: CHANGE_CODES[code].severity, coordinate, message };
  if (!source) return candidate.meta ? { ...base, meta: candidate.meta } : base;
  return {
    ...base,
    ...(source.path === undefined ? {} : { path: source.path }),
    meta: source.meta as Record<string, unknown>,
    inspector: { type: String(source.type), criticality: source.criticality.level },
  };
}

/** Breaking first, then by coordinate and code, so output is stable across runs and inspector versions. */
export function sortChanges(changes: readonly ClassifiedChange[]): ClassifiedChange[] {
  const rank = (severity: Severity): number => SEVERITIES.indexOf(severity);
  return [...changes].sort(
    (a, b) =>
      rank(a.severity) - rank(b.severity) ||
      compare(a.coordinate, b.coordinate) ||
      compare(a.code, b.code) ||
      compare(a.message, b.message),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
