/**
 * The final shaping of an operation's answer, compiled once per (document, operation, schema).
 *
 * @apollo/gateway shapes the data its query plan fetched (`computeResponse` in its resultShaping.ts: drop what
 * was fetched only for keys and @requires, restore the query's field order, fill `__typename`, validate leaf
 * values, propagate nulls of non-null fields) by walking federation-internals' `Operation` for every response:
 * each selection's directives, type, response name and definition are read through getters and looked up again
 * for every object of the answer. Here the same walk runs over a plain tree built once from that `Operation`
 * (`compileResponseShape`), and `shapeResponse` follows the gateway's algorithm step for step on it, so the
 * answers, their key order and the errors (messages, paths) are the same.
 *
 * What the compiled tree does not cover makes `compileResponseShape` return undefined (the caller then runs
 * the gateway's own execution): schema introspection fields (`__schema`, `__type`), and response names that
 * an object's prototype has (`__proto__`, `constructor`, …), which plain objects could not hold as the
 * gateway's prototype-less ones do.
 */
import {
  ERRORS,
  isCompositeType,
  isCustomScalarType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isSubtype,
  Variable,
  type CompositeType,
  type Operation,
  type OperationElement,
  type OutputType,
  type Schema,
  type SelectionSet,
} from '@apollo/federation-internals';
import type { GraphQLError } from 'graphql';

/** A `@skip`/`@include` argument: a constant, or the name of a variable. */
type IfArgument = boolean | { readonly variable: string };

interface Conditions {
  readonly skip: IfArgument | undefined;
  readonly include: IfArgument | undefined;
}

export interface ShapeField extends Conditions {
  readonly kind: 'field';
  readonly responseName: string;
  readonly isTypename: boolean;
  readonly type: ShapeType;
}

export interface ShapeFragment extends Conditions {
  readonly kind: 'fragment';
  readonly typeCondition: string | undefined;
  readonly selections: readonly ShapeSelection[];
}

export type ShapeSelection = ShapeField | ShapeFragment;

/** `composite`: a selection set goes with the type (the gateway's `selectionSet` passed down the wrappers). */
export type ShapeType =
  | {
      readonly kind: 'nonNull';
      readonly text: string;
      readonly composite: boolean;
      readonly ofType: ShapeType;
    }
  | { readonly kind: 'list'; readonly text: string; readonly composite: boolean; readonly ofType: ShapeType }
  | {
      readonly kind: 'composite';
      readonly text: string;
      readonly composite: boolean;
      readonly selections: readonly ShapeSelection[] | undefined;
    }
  | {
      readonly kind: 'leaf';
      readonly text: string;
      readonly composite: false;
      readonly valid: (value: unknown) => boolean;
    };

export interface ResponseShape {
  readonly rootType: string;
  readonly selections: readonly ShapeSelection[];
  /** The operation's variables with a default value (`collectDefaultedVariableValues`). */
  readonly defaultedVariables: Readonly<Record<string, unknown>>;
  readonly facts: SchemaFacts;
}

/** What shaping asks of the API schema, memoized by type name. */
export class SchemaFacts {
  readonly #schema: Schema;
  readonly #kinds = new Map<string, 'object' | 'composite' | 'other' | 'unknown'>();
  readonly #subtypes = new Map<string, Map<string, boolean>>();

  constructor(schema: Schema) {
    this.#schema = schema;
  }

  kind(name: string): 'object' | 'composite' | 'other' | 'unknown' {
    let kind = this.#kinds.get(name);
    if (kind === undefined) {
      const type = this.#schema.type(name);
      kind =
        type === undefined
          ? 'unknown'
          : isObjectType(type)
            ? 'object'
            : isCompositeType(type)
              ? 'composite'
              : 'other';
      this.#kinds.set(name, kind);
    }
    return kind;
  }

  /** federation-internals' `isSubtype(condition, type)`: `type` is `condition`, or one of its subtypes. */
  isSubtype(condition: string, name: string): boolean {
    let byName = this.#subtypes.get(condition);
    if (byName === undefined) {
      byName = new Map();
      this.#subtypes.set(condition, byName);
    }
    let result = byName.get(name);
    if (result === undefined) {
      const conditionType = this.#schema.type(condition);
      const type = this.#schema.type(name);
      result =
        conditionType !== undefined &&
        type !== undefined &&
        isSubtype(conditionType as CompositeType, type as CompositeType);
      byName.set(name, result);
    }
    return result;
  }
}

const factsBySchema = new WeakMap<Schema, SchemaFacts>();

function factsOf(schema: Schema): SchemaFacts {
  let facts = factsBySchema.get(schema);
  if (facts === undefined) {
    facts = new SchemaFacts(schema);
    factsBySchema.set(schema, facts);
  }
  return facts;
}

class Unsupported extends Error {}

/** A value in an error message as the gateway's template strings print it (`[object Object]` included). */
function asText(value: unknown): string {
  return `${value as string}`;
}

const integerString = /^-?(?:0|[1-9][0-9]*)$/;

/** federation-internals' `isValidLeafValue`, decided once per leaf type. */
function leafValidator(schema: Schema, type: OutputType): (value: unknown) => boolean {
  if (isCustomScalarType(type)) return () => true;
  const isBoolean = type === schema.booleanType();
  const isIntOrId = type === schema.intType() || type === schema.idType();
  const isFloat = type === schema.floatType();
  const isInt = type === schema.intType();
  const enumValues = isEnumType(type) ? new Set(type.values.map((value) => value.name)) : undefined;
  return (value) => {
    if (typeof value === 'boolean') return isBoolean;
    if (typeof value === 'number' && Number.isFinite(value)) {
      if (isIntOrId) return integerString.test(String(value));
      return isFloat;
    }
    if (typeof value === 'string') {
      if (enumValues !== undefined) return enumValues.has(value);
      return !isBoolean && !isInt && !isFloat;
    }
    return false;
  };
}

function ifArgument(value: unknown): IfArgument {
  if (value instanceof Variable) return { variable: value.name };
  return value as boolean;
}

function conditionsOf(element: OperationElement, schema: Schema): Conditions {
  const skip = element.appliedDirectivesOf(schema.skipDirective())[0];
  const include = element.appliedDirectivesOf(schema.includeDirective())[0];
  return {
    skip: skip === undefined ? undefined : ifArgument(skip.arguments().if),
    include: include === undefined ? undefined : ifArgument(include.arguments().if),
  };
}

function compileType(
  schema: Schema,
  type: OutputType,
  selectionSet: SelectionSet | undefined,
  compiled: Map<SelectionSet, ShapeSelection[]>,
): ShapeType {
  const text = String(type);
  const composite = selectionSet !== undefined;
  if (isNonNullType(type))
    return {
      kind: 'nonNull',
      text,
      composite,
      ofType: compileType(schema, type.ofType as OutputType, selectionSet, compiled),
    };
  if (isListType(type))
    return {
      kind: 'list',
      text,
      composite,
      ofType: compileType(schema, type.ofType as OutputType, selectionSet, compiled),
    };
  if (isCompositeType(type)) {
    return {
      kind: 'composite',
      text,
      composite,
      selections: selectionSet === undefined ? undefined : compileSelections(schema, selectionSet, compiled),
    };
  }
  return { kind: 'leaf', text, composite: false, valid: leafValidator(schema, type) };
}

/**
 * Compiled once per selection set object: a named fragment spread many times is compiled once (the tree is a
 * DAG, walked as the gateway walks the expanded selections).
 */
function compileSelections(
  schema: Schema,
  selectionSet: SelectionSet,
  compiled = new Map<SelectionSet, ShapeSelection[]>(),
): ShapeSelection[] {
  const known = compiled.get(selectionSet);
  if (known !== undefined) return known;
  const result = selectionSet.selections().map((selection): ShapeSelection => {
    if (selection.kind === 'FieldSelection') {
      const field = selection.element;
      if (field.definition.isSchemaIntrospectionField()) throw new Unsupported('introspection');
      const responseName = field.responseName();
      if (responseName in Object.prototype) throw new Unsupported(`response name ${responseName}`);
      return {
        kind: 'field',
        ...conditionsOf(field, schema),
        responseName,
        isTypename: field.name === '__typename',
        type: compileType(schema, field.definition.type!, selection.selectionSet, compiled),
      };
    }
    const fragment = selection.element;
    return {
      kind: 'fragment',
      ...conditionsOf(fragment, schema),
      typeCondition: fragment.typeCondition?.name,
      selections: compileSelections(schema, selection.selectionSet, compiled),
    };
  });
  compiled.set(selectionSet, result);
  return result;
}

/** The shape of `operation`'s answers; undefined when the gateway's own shaping must do it. */
export function compileResponseShape(operation: Operation): ResponseShape | undefined {
  const schema = operation.schema();
  try {
    return {
      rootType: schema.schemaDefinition.rootType(operation.rootKind)!.name,
      selections: compileSelections(schema, operation.selectionSet),
      defaultedVariables: { ...operation.collectDefaultedVariableValues() },
      facts: factsOf(schema),
    };
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

interface Run {
  readonly facts: SchemaFacts;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly errors: GraphQLError[];
  /**
   * What the gateway's `updateOutputValue` returns beside the value, set by each call of ours (read right
   * after it, so no object per value): the value is a null to bubble up; errors were already reported for it.
   */
  invalid: boolean;
  hasErrors: boolean;
}

function ifValue(argument: IfArgument, variables: Readonly<Record<string, unknown>>): boolean {
  if (typeof argument === 'boolean') return argument;
  const value = variables[argument.variable];
  if (typeof value !== 'boolean') {
    throw new Error(`Unexpected value ${asText(value)} for variable $${argument.variable}`);
  }
  return value;
}

function skipped(selection: Conditions, variables: Readonly<Record<string, unknown>>): boolean {
  if (selection.skip !== undefined && ifValue(selection.skip, variables)) return true;
  return selection.include !== undefined && !ifValue(selection.include, variables);
}

type Data = Record<string, unknown>;

/**
 * The answer of the operation from the data its plan fetched, as the gateway's `computeResponse` makes it:
 * `data` null when a null reached the root, and the errors of value completion (invalid values, nulls in
 * non-null positions, unknown `__typename`s).
 */
export function shapeResponse(
  shape: ResponseShape,
  variables: Readonly<Record<string, unknown>> | undefined,
  input: Data,
): { data: Data | null; errors: GraphQLError[] } {
  const run: Run = {
    facts: shape.facts,
    variables:
      variables === undefined ? shape.defaultedVariables : { ...shape.defaultedVariables, ...variables },
    errors: [],
    invalid: false,
    hasErrors: false,
  };
  const data: Data = {};
  const bubbled = applySelections(input, shape.selections, data, run, [], shape.rootType);
  return { data: bubbled ? null : data, errors: run.errors };
}

/** Returns true when a null must bubble up to the parent (the gateway's `NULL_BUBBLE_UP`). */
function applySelections(
  input: Data,
  selections: readonly ShapeSelection[],
  output: Data,
  run: Run,
  path: (string | number)[],
  parentType: string,
): boolean {
  for (let i = 0; i < selections.length; i++) {
    const selection = selections[i]!;
    if (
      (selection.skip !== undefined || selection.include !== undefined) &&
      skipped(selection, run.variables)
    )
      continue;
    if (selection.kind === 'field') {
      const responseName = selection.responseName;
      const outputValue = output[responseName];
      let inputValue = input[responseName] ?? null;
      if (selection.isTypename) {
        if (outputValue === undefined) {
          if (inputValue === null && responseName !== '__typename') inputValue = input['__typename'] ?? null;
          let type = parentType;
          if (typeof inputValue === 'string' && run.facts.kind(inputValue) !== 'unknown') type = inputValue;
          if (run.facts.kind(type) !== 'object') return true;
          output[responseName] = type;
        }
        continue;
      }
      path.push(responseName);
      output[responseName] = updateOutputValue(
        outputValue,
        selection.type,
        inputValue,
        path,
        run,
        parentType,
      );
      path.pop();
      if (run.invalid) return true;
    } else {
      const typename = input['__typename'];
      if (typename && typeof typename !== 'string') {
        throw new Error(`Got unexpected value for __typename: ${asText(typename)}`);
      }
      const condition = selection.typeCondition;
      let applies = true;
      if (condition !== undefined) {
        applies = typename
          ? run.facts.isSubtype(condition, typename as string)
          : run.facts.isSubtype(condition, parentType);
      }
      if (
        applies &&
        applySelections(input, selection.selections, output, run, path, condition ?? parentType)
      ) {
        return true;
      }
    }
  }
  return false;
}

function describeLast(path: readonly (string | number)[], currentType: string, parentType: string): string {
  const element = path[path.length - 1];
  return typeof element === 'string'
    ? `field ${parentType}.${element}`
    : `array element of type ${currentType} at index ${asText(element)}`;
}

function updated(run: Run, value: unknown, invalid = false, hasErrors = false): unknown {
  run.invalid = invalid;
  run.hasErrors = hasErrors;
  return value;
}

function updateOutputValue(
  outputValue: unknown,
  type: ShapeType,
  inputValue: unknown,
  path: (string | number)[],
  run: Run,
  parentType: string,
): unknown {
  if (outputValue === null) return updated(run, null);
  if (outputValue !== undefined && !type.composite) return updated(run, outputValue);

  if (type.kind === 'nonNull') {
    const inner = updateOutputValue(outputValue, type.ofType, inputValue, path, run, parentType);
    if (inner === null) {
      if (!run.hasErrors) {
        run.errors.push(
          ERRORS.INVALID_GRAPHQL.err(
            `Cannot return null for non-nullable ${describeLast(path, type.ofType.text, parentType)}.`,
            { path: Array.from(path) },
          ),
        );
      }
      return updated(run, null, true, true);
    }
    return updated(run, inner);
  }

  if (inputValue === null) return updated(run, null);

  if (type.kind === 'list') {
    if (!Array.isArray(inputValue)) {
      throw new Error(
        `Invalid non-list value ${asText(inputValue)} returned by subgraph for list type ${type.text}`,
      );
    }
    if (outputValue !== undefined && !Array.isArray(outputValue)) {
      throw new Error(
        `Invalid non-list value ${asText(outputValue)} returned by subgraph for list type ${type.text}`,
      );
    }
    const previous = outputValue as unknown[] | undefined;
    if (previous !== undefined && previous.length !== inputValue.length) {
      throw new Error(`list lengths differ (${inputValue.length} !== ${previous.length})`);
    }
    const length = inputValue.length;
    const list: unknown[] = new Array(length);
    let nullify = false;
    let hasErrors = false;
    for (let index = 0; index < length; index++) {
      path.push(index);
      const element = updateOutputValue(
        previous === undefined ? undefined : previous[index],
        type.ofType,
        inputValue[index] as unknown,
        path,
        run,
        parentType,
      );
      path.pop();
      if (run.invalid) nullify = true;
      if (run.hasErrors) hasErrors = true;
      list[index] = element;
    }
    return updated(run, nullify ? null : list, false, hasErrors);
  }

  if (type.kind === 'composite') {
    const selections = type.selections;
    if (selections === undefined)
      throw new Error(`Invalid empty selection set for composite type ${type.text}`);
    if (typeof inputValue !== 'object') {
      throw new Error(
        `Invalid non-object value ${asText(inputValue)} returned by subgraph for composite type ${type.text}`,
      );
    }
    if (outputValue !== undefined && typeof outputValue !== 'object') {
      throw new Error(
        `Invalid non-object value ${asText(inputValue)} returned by subgraph for composite type ${type.text}`,
      );
    }
    const input = inputValue as Data;
    const inputTypename = input['__typename'];
    if (inputTypename !== undefined && typeof inputTypename !== 'string') {
      throw new Error(
        `Invalid non-string value ${asText(inputTypename)} for __typename at ${path.join(',')}`,
      );
    }
    let objectType = type.text;
    if (inputTypename) {
      const kind = run.facts.kind(inputTypename);
      if (kind !== 'object' && kind !== 'composite') {
        run.errors.push(
          ERRORS.INVALID_GRAPHQL.err(
            `Invalid __typename found for object at ${describeLast(path, type.text, parentType)}.`,
            { path: Array.from(path) },
          ),
        );
        return updated(run, null, false, true);
      }
      objectType = inputTypename;
    }
    const output = outputValue === undefined ? {} : (outputValue as Data);
    const bubbled = applySelections(input, selections, output, run, path, objectType);
    return updated(run, bubbled ? null : output, false, bubbled);
  }

  if (outputValue !== undefined) throw new Error(`Expected output to be undefined for type ${type.text}`);
  const valid = type.valid(inputValue);
  if (!valid) {
    run.errors.push(
      ERRORS.INVALID_GRAPHQL.err(`Invalid value found for ${describeLast(path, type.text, parentType)}.`, {
        path: Array.from(path),
      }),
    );
  }
  return updated(run, valid ? inputValue : null, false, !valid);
}
