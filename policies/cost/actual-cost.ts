/**
 * The actual cost of an executed operation, from its response `data`: the same compiled plan, with list sizes
 * taken from the response instead of `@listSize` (Apollo's actual cost, and the spec's Query Response Analysis).
 * Pure: no Node or Apollo.
 *
 * Per Apollo's router: every returned object weighs its field's weight (a list counts each item); a `null` object
 * weighs only a weight `@cost` set; scalars weigh their weight (usually 0); arguments count once per selection of
 * the field. Fields absent from the response (not executed, or lost to an error) cost nothing. Where fragments on
 * different types apply, the object's `__typename` picks the column when it was selected, else the most expensive
 * column counts, and it sets the object's weight too. The operation base (10 for a mutation) counts too, so estimate and actual differ only by list
 * sizes and nulls.
 */
import type { Variables } from './cost-metadata.js';
import { ownCost } from './cost-formula.js';
import type { FieldCost, SelectionCost, SelectionEntry } from './cost-plan.js';
import { isSkipped } from './conditions.js';
import { addOwn, addScaled, maxInto, type CompiledOperation, type CostVector } from './estimate-cost.js';
import { evaluateInputCost } from './input-cost.js';

type ResponseObject = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is ResponseObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The items of a field's value, nested lists flattened: `[[a, b], [c]]` → a, b, c. */
function items(value: unknown, into: unknown[] = []): unknown[] {
  if (Array.isArray(value)) for (const item of value) items(item, into);
  else into.push(value);
  return into;
}

export class ActualCost {
  readonly #width: number;

  constructor(
    private readonly operation: CompiledOperation,
    private readonly variables: Variables,
  ) {
    this.#width = operation.subgraphs.length + 1;
  }

  total(data: unknown): CostVector {
    const total = isObject(data) ? this.#selection(this.operation.root, data) : new Float64Array(this.#width);
    total[0] = (total[0] ?? 0) + this.operation.base;
    return total;
  }

  #selection(selection: SelectionCost, object: ResponseObject): CostVector {
    const typename = object['__typename'];
    const column = typeof typename === 'string' ? selection.columnOfType.get(typename) : undefined;
    const columns = column === undefined ? selection.columns : [selection.columns[column] ?? []];
    const result = new Float64Array(this.#width);
    for (const entries of columns) {
      const sum = new Float64Array(this.#width);
      for (const entry of entries) addScaled(sum, this.#entry(entry, object), 1);
      maxInto(result, sum);
    }
    return result;
  }

  #entry(entry: SelectionEntry, object: ResponseObject): CostVector {
    if (isSkipped(entry.conditions, this.variables, this.operation.variableDefaults)) {
      return new Float64Array(this.#width);
    }
    return entry.kind === 'field' ? this.#field(entry, object) : this.#selection(entry.selection, object);
  }

  #field(field: FieldCost, parent: ResponseObject): CostVector {
    const result = new Float64Array(this.#width);
    const value = parent[field.responseKey];
    if (value === undefined) return result;
    const argumentCost = evaluateInputCost(field.arguments, this.variables, this.operation.variableDefaults);
    const returned = items(value);
    let returnedWeight = 0;
    for (const item of returned) {
      if (field.selection === undefined) returnedWeight += field.weight;
      else if (isObject(item)) {
        const typename = item['__typename'];
        returnedWeight +=
          (typeof typename === 'string' ? field.weightOfType?.get(typename) : undefined) ?? field.weight;
        addScaled(result, this.#selection(field.selection, item), 1);
      } else returnedWeight += field.explicitWeight ?? 0;
    }
    const own =
      this.operation.formula === 'apollo'
        ? returnedWeight + argumentCost
        : ownCost('ibm', returned.length, field.weight, argumentCost);
    addOwn(result, field, own);
    return result;
  }
}
