/**
 * The size of a list field, from its `@listSize`: the largest slicing argument given (a literal, a variable, or the
 * argument's schema default), else `assumedSize`; with neither, the caller's default list size. What can be read
 * from the document is read when it is compiled; a variable is read per request. Pure: graphql-js only.
 *
 * `requireOneSlicingArgument` (the spec's default) expects exactly one slicing argument with a value, counting
 * schema defaults as Apollo's router does; anything else is reported as a violation with the size still computed.
 */
import { Kind, type FieldNode, type GraphQLField, type ValueNode } from 'graphql';
import type { ListSizeSpec, Variables } from './cost-metadata.js';
import { variableValue } from './input-cost.js';

interface SlicingArgument {
  readonly name: string;
  /** The value written in the document. */
  readonly literal: number | undefined;
  /** A variable holding the value, and the path into it (for a dotted slicing argument). */
  readonly variable: { readonly name: string; readonly path: readonly string[] } | undefined;
  /** The argument's default in the schema. */
  readonly schemaDefault: number | undefined;
}

export interface SizeSource {
  readonly coordinate: string;
  readonly slicing: readonly SlicingArgument[];
  readonly requireOne: boolean;
  readonly assumedSize: number | null;
}

/** A field whose `requireOneSlicingArgument` did not hold for this request. */
export interface SlicingViolation {
  readonly coordinate: string;
  readonly slicingArguments: readonly string[];
  /** How many slicing arguments had a value (the spec wants exactly one). */
  readonly provided: number;
}

/** A list size from a value: a finite number, rounded up, never negative. */
function toSize(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.ceil(value)) : undefined;
}

function pathInto(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function slicingArgument(
  dotted: string,
  node: FieldNode,
  definition: GraphQLField<unknown, unknown>,
): SlicingArgument {
  const [argumentName = '', ...path] = dotted.split('.');
  const schemaDefault = toSize(
    pathInto(definition.args.find((arg) => arg.name === argumentName)?.defaultValue, path),
  );
  let value: ValueNode | undefined = node.arguments?.find(
    (argument) => argument.name.value === argumentName,
  )?.value;
  for (const [index, key] of path.entries()) {
    if (value?.kind === Kind.VARIABLE) {
      return {
        name: dotted,
        literal: undefined,
        variable: { name: value.name.value, path: path.slice(index) },
        schemaDefault,
      };
    }
    value =
      value?.kind === Kind.OBJECT ? value.fields.find((field) => field.name.value === key)?.value : undefined;
  }
  if (value?.kind === Kind.VARIABLE) {
    return {
      name: dotted,
      literal: undefined,
      variable: { name: value.name.value, path: [] },
      schemaDefault,
    };
  }
  const literal =
    value?.kind === Kind.INT || value?.kind === Kind.FLOAT ? toSize(Number(value.value)) : undefined;
  return { name: dotted, literal, variable: undefined, schemaDefault };
}

export function compileSizeSource(
  spec: ListSizeSpec,
  coordinate: string,
  node: FieldNode,
  definition: GraphQLField<unknown, unknown>,
): SizeSource {
  return {
    coordinate,
    slicing: (spec.slicingArguments ?? []).map((name) => slicingArgument(name, node, definition)),
    requireOne: spec.requireOneSlicingArgument,
    assumedSize: spec.assumedSize,
  };
}

/**
 * The size `source` gives for this request, or `undefined` when it gives none (the default list size applies).
 * A `requireOneSlicingArgument` violation is handed to `onViolation`.
 */
export function evaluateSize(
  source: SizeSource,
  variables: Variables,
  defaults: ReadonlyMap<string, unknown>,
  onViolation: (violation: SlicingViolation) => void,
): number | undefined {
  const given: number[] = [];
  for (const argument of source.slicing) {
    const fromVariable =
      argument.variable === undefined
        ? undefined
        : toSize(
            pathInto(variableValue(variables, defaults, argument.variable.name), argument.variable.path),
          );
    const value = argument.literal ?? fromVariable ?? argument.schemaDefault;
    if (value !== undefined) given.push(value);
  }
  if (source.requireOne && source.slicing.length > 0 && given.length !== 1) {
    onViolation({
      coordinate: source.coordinate,
      slicingArguments: source.slicing.map((argument) => argument.name),
      provided: given.length,
    });
  }
  return given.length > 0 ? Math.max(...given) : (source.assumedSize ?? undefined);
}
