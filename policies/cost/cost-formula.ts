/**
 * How a field's cost combines its weight, arguments, list size and selections. Pure arithmetic.
 *
 * - `apollo` (GraphOS Router's demand control, the default): `size × (weight + selections) + arguments`. The weight
 *   counts once per returned item: a list of 5 objects weighs 5. Mutations start at 10.
 * - `ibm` (the IBM spec's Field Cost): `max(0, weight + arguments) + size × selections`. The weight counts once per
 *   resolver run, however long the list it returns. No operation base.
 *
 * Both clamp a field's total at 0: negative argument weights can make a field cheaper, never free the rest of the
 * operation.
 */
import { OperationTypeNode } from 'graphql';

export type CostFormula = 'apollo' | 'ibm';

export function operationBase(formula: CostFormula, operationType: OperationTypeNode): number {
  return formula === 'apollo' && operationType === OperationTypeNode.MUTATION ? 10 : 0;
}

/** The field's own part (weight and arguments), counted for the field's owners too. */
export function ownCost(formula: CostFormula, size: number, weight: number, argumentCost: number): number {
  return formula === 'apollo' ? size * weight + argumentCost : Math.max(0, weight + argumentCost);
}
