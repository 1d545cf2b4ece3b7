/**
 * How many field selections an operation makes once its fragments are expanded: every field counts one
 * (`__typename` too), a fragment counts what it selects each time it is spread. What the query planner works
 * through grows with this number, so it is the budget checked before planning (`selection-budget.ts`).
 *
 * Linear in the size of the document whatever the expansion: each fragment is counted once and its count
 * reused (a 1.6 KB fragment bomb expanding to millions of fields costs a few hundred steps), and counts stop
 * growing at `cap`, so they stay small integers. Pure: graphql-js types only.
 */
import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

export function countSelections(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  cap: number,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const counted = new Map<string, number>();

  function fragmentCount(name: string): number {
    const known = counted.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    // Validation refuses unknown fragments and cycles before this runs; should one slip through, fail closed.
    counted.set(name, cap);
    const count = fragment === undefined ? cap : setCount(fragment.selectionSet);
    counted.set(name, count);
    return count;
  }

  function setCount(selectionSet: SelectionSetNode): number {
    let count = 0;
    for (const selection of selectionSet.selections) {
      switch (selection.kind) {
        case Kind.FIELD:
          count += 1 + (selection.selectionSet === undefined ? 0 : setCount(selection.selectionSet));
          break;
        case Kind.INLINE_FRAGMENT:
          count += setCount(selection.selectionSet);
          break;
        case Kind.FRAGMENT_SPREAD:
          count += fragmentCount(selection.name.value);
          break;
      }
      if (count >= cap) return cap;
    }
    return count;
  }

  return setCount(operation.selectionSet);
}
