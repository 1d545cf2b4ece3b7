/**
 * The estimated cost of a compiled operation for one request's variables. Works on the compiled plan only: it reads
 * the variables, never the document or the schema. Costs are vectors: index 0 is the operation, index 1 + i the
 * subgraph `subgraphs[i]` (the fields it resolves, times the list sizes above them). A fragment spread in several
 * places is evaluated once per request. Pure: no Node or Apollo.
 */
import type { OperationTypeNode } from 'graphql';
import type { Variables } from './cost-metadata.js';
import { ownCost, type CostFormula } from './cost-formula.js';
import type { FieldCost, SelectionCost, SelectionEntry } from './cost-plan.js';
import { isSkipped } from './conditions.js';
import { evaluateInputCost } from './input-cost.js';
import { evaluateSize, type SlicingViolation } from './list-size.js';

export interface CompiledOperation {
  readonly operationType: OperationTypeNode;
  readonly formula: CostFormula;
  readonly defaultListSize: number;
  /** 10 for an Apollo-formula mutation, else 0. */
  readonly base: number;
  readonly root: SelectionCost;
  readonly subgraphs: readonly string[];
  readonly variableDefaults: ReadonlyMap<string, unknown>;
}

export type CostVector = Float64Array;

/** Adds `scale × from` into `into`. */
export function addScaled(into: CostVector, from: CostVector, scale: number): void {
  for (let index = 0; index < into.length; index += 1)
    into[index] = (into[index] ?? 0) + scale * (from[index] ?? 0);
}

/** Component-wise maximum of `from` into `into`. */
export function maxInto(into: CostVector, from: CostVector): void {
  for (let index = 0; index < into.length; index += 1)
    into[index] = Math.max(into[index] ?? 0, from[index] ?? 0);
}

/** Adds a field's own cost to the operation and to each subgraph that resolves the field; clamps at 0. */
export function addOwn(into: CostVector, field: FieldCost, own: number): void {
  into[0] = (into[0] ?? 0) + own;
  for (const owner of field.owners) into[owner + 1] = (into[owner + 1] ?? 0) + own;
  for (let index = 0; index < into.length; index += 1) into[index] = Math.max(0, into[index] ?? 0);
}

export class Estimation {
  readonly violations = new Map<string, SlicingViolation>();
  readonly #shared = new Map<SelectionCost, CostVector>();
  readonly #width: number;

  constructor(
    private readonly operation: CompiledOperation,
    private readonly variables: Variables,
  ) {
    this.#width = operation.subgraphs.length + 1;
  }

  total(): CostVector {
    const total = this.selection(this.operation.root);
    total[0] = (total[0] ?? 0) + this.operation.base;
    return total;
  }

  selection(selection: SelectionCost): CostVector {
    const result = new Float64Array(this.#width);
    for (const column of selection.columns) {
      const sum = new Float64Array(this.#width);
      for (const entry of column) addScaled(sum, this.#entry(entry), 1);
      maxInto(result, sum);
    }
    return result;
  }

  #entry(entry: SelectionEntry): CostVector {
    if (isSkipped(entry.conditions, this.variables, this.operation.variableDefaults)) {
      return new Float64Array(this.#width);
    }
    if (entry.kind === 'field') return this.#field(entry);
    const known = this.#shared.get(entry.selection);
    if (known !== undefined) return known;
    const cost = this.selection(entry.selection);
    this.#shared.set(entry.selection, cost);
    return cost;
  }

  #field(field: FieldCost): CostVector {
    const size = field.listDepth === 0 ? 1 : this.#listSize(field) ** field.listDepth;
    const result = new Float64Array(this.#width);
    if (field.selection !== undefined) addScaled(result, this.selection(field.selection), size);
    const argumentCost = evaluateInputCost(field.arguments, this.variables, this.operation.variableDefaults);
    addOwn(result, field, ownCost(this.operation.formula, size, field.weight, argumentCost));
    return result;
  }

  #listSize(field: FieldCost): number {
    let size: number | undefined;
    for (const source of field.sizes) {
      const fromSource = evaluateSize(source, this.variables, this.operation.variableDefaults, (violation) =>
        this.violations.set(violation.coordinate, violation),
      );
      if (fromSource !== undefined) size = Math.max(size ?? 0, fromSource);
    }
    return size ?? this.operation.defaultListSize;
  }
}
