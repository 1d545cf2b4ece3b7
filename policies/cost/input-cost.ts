/**
 * The cost of argument values, per the IBM spec's argument and input-field weights as Apollo's router scores them:
 * an input object weighs its argument's (or input field's) `@cost`, else 1, plus its fields; a list weighs its
 * `@cost`, else 0, plus its items; a scalar or enum weighs its `@cost` (or its type's), else 0; `null` nothing.
 * Pure: graphql-js only, no Node or Apollo.
 *
 * A literal is scored when the document is compiled; each variable in it becomes a term scored against the
 * request's value. The positions (input types with their weights) are built at compile time, so scoring a
 * variable reads only the variable's JSON value.
 */
import {
  getNamedType,
  isInputObjectType,
  Kind,
  valueFromASTUntyped,
  type GraphQLInputType,
  type ValueNode,
} from 'graphql';
import type { CostWeights } from './cost-weights.js';
import type { Variables } from './cost-metadata.js';

/** Where an input value sits: its weights, and its fields when it is an input object. */
export interface InputPosition {
  /** `@cost` on the argument or input field: the weight of a list, and wins for objects and leaves. */
  readonly explicit: number | undefined;
  /** What an input-object value at this position weighs (before its fields). */
  readonly objectWeight: number;
  /** What a scalar or enum value at this position weighs. */
  readonly leafWeight: number;
  /** The input object's fields; `undefined` for scalars and enums. */
  readonly fields: ReadonlyMap<string, InputPosition> | undefined;
}

/** A variable's contribution: its value (or the operation's default) scored at a position. */
export interface VariableTerm {
  readonly variable: string;
  readonly position: InputPosition;
}

/** Argument cost of one field selection: what literals contribute, plus one term per variable. */
export interface InputCost {
  readonly constant: number;
  readonly variables: readonly VariableTerm[];
}

export const NO_INPUT_COST: InputCost = { constant: 0, variables: [] };

/** Builds input positions once per input type and weight (input types may be recursive). */
export class InputPositions {
  readonly #objects = new Map<string, InputPosition>();

  constructor(private readonly weights: CostWeights) {}

  position(type: GraphQLInputType, explicit: number | undefined): InputPosition {
    const named = getNamedType(type);
    if (!isInputObjectType(named)) {
      return {
        explicit,
        objectWeight: explicit ?? 0,
        leafWeight: explicit ?? this.weights.inputLeaf(named),
        fields: undefined,
      };
    }
    const key = `${named.name}:${explicit ?? ''}`;
    const known = this.#objects.get(key);
    if (known !== undefined) return known;
    const fields = new Map<string, InputPosition>();
    const position: InputPosition = {
      explicit,
      objectWeight: explicit ?? this.weights.inputObject(named),
      leafWeight: explicit ?? 0,
      fields,
    };
    // Registered before its fields are built, so a recursive input type ends.
    this.#objects.set(key, position);
    for (const field of Object.values(named.getFields())) {
      fields.set(field.name, this.position(field.type, this.weights.inputField(named.name, field)));
    }
    return position;
  }
}

/** Scores a JSON value (a variable's) at a position. */
export function scoreValue(value: unknown, position: InputPosition): number {
  if (value === null || value === undefined) return 0;
  if (Array.isArray(value)) {
    return value.reduce(
      (sum: number, item: unknown) => sum + scoreValue(item, position),
      position.explicit ?? 0,
    );
  }
  if (typeof value === 'object' && position.fields !== undefined) {
    let cost = position.objectWeight;
    for (const [name, field] of Object.entries(value)) {
      const fieldPosition = position.fields.get(name);
      if (fieldPosition !== undefined) cost += scoreValue(field, fieldPosition);
    }
    return cost;
  }
  return position.leafWeight;
}

/** Scores a literal from the document; variables inside it become terms. */
export function scoreLiteral(value: ValueNode, position: InputPosition): InputCost {
  const variables: VariableTerm[] = [];
  const walk = (node: ValueNode, at: InputPosition): number => {
    switch (node.kind) {
      case Kind.VARIABLE:
        variables.push({ variable: node.name.value, position: at });
        return 0;
      case Kind.NULL:
        return 0;
      case Kind.LIST:
        return node.values.reduce((sum, item) => sum + walk(item, at), at.explicit ?? 0);
      case Kind.OBJECT: {
        if (at.fields === undefined) return at.leafWeight;
        let cost = at.objectWeight;
        for (const field of node.fields) {
          const fieldPosition = at.fields.get(field.name.value);
          if (fieldPosition !== undefined) cost += walk(field.value, fieldPosition);
        }
        return cost;
      }
      case Kind.INT:
      case Kind.FLOAT:
      case Kind.STRING:
      case Kind.BOOLEAN:
      case Kind.ENUM:
        return at.leafWeight;
    }
  };
  const constant = walk(value, position);
  return { constant, variables };
}

export function addInputCosts(costs: readonly InputCost[]): InputCost {
  return {
    constant: costs.reduce((sum, cost) => sum + cost.constant, 0),
    variables: costs.flatMap((cost) => cost.variables),
  };
}

/** A variable's value for this request: the client's, else the operation's default (`undefined`: neither). */
export function variableValue(
  variables: Variables,
  defaults: ReadonlyMap<string, unknown>,
  name: string,
): unknown {
  const given = Object.hasOwn(variables, name) ? variables[name] : undefined;
  return given === undefined ? defaults.get(name) : given;
}

/** The operation's variable defaults, as JSON. */
export function variableDefaults(
  definitions: readonly {
    readonly variable: { readonly name: { readonly value: string } };
    readonly defaultValue?: ValueNode;
  }[],
): ReadonlyMap<string, unknown> {
  const defaults = new Map<string, unknown>();
  for (const definition of definitions) {
    if (definition.defaultValue !== undefined) {
      defaults.set(definition.variable.name.value, valueFromASTUntyped(definition.defaultValue));
    }
  }
  return defaults;
}

export function evaluateInputCost(
  cost: InputCost,
  variables: Variables,
  defaults: ReadonlyMap<string, unknown>,
): number {
  let total = cost.constant;
  for (const term of cost.variables)
    total += scoreValue(variableValue(variables, defaults, term.variable), term.position);
  return total;
}
