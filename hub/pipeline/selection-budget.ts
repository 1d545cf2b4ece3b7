/**
 * `operations.maxSelections`: an operation whose field selections, fragments expanded, exceed the budget is
 * refused with OPERATION_TOO_LARGE (400) before the query planner sees it. The planner's work grows with that
 * count (superlinearly for many sibling aliases, ~0.5 ms per selection for fan-out across subgraphs) and runs
 * on the event loop, so one such document used to block every other request for seconds to minutes.
 * The count is made once per operation of a document (Apollo keeps one `DocumentNode` per distinct query) and
 * cached; per request this is one `WeakMap` lookup and a comparison.
 */
import type { OperationDefinitionNode } from 'graphql';
import { HubErrors } from '../errors.js';
import { countSelections } from './count-selections.js';
import type { OperationGuard } from './operation-guard.js';

export function createSelectionBudget(maxSelections: number): OperationGuard {
  const counts = new WeakMap<OperationDefinitionNode, number>();
  return ({ document, operation }) => {
    // No operation by that name: nothing will be planned (Apollo answers the unknown name itself).
    if (operation === undefined) return;
    let count = counts.get(operation);
    if (count === undefined) {
      count = countSelections(document, operation, maxSelections + 1);
      counts.set(operation, count);
    }
    if (count > maxSelections) throw HubErrors.OPERATION_TOO_LARGE.create({ maxSelections });
  };
}
