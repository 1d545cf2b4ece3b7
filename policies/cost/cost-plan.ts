/**
 * The compiled form of an operation's cost: everything the document and the schema decide, computed once, so a
 * request only reads its variables (and, for the actual cost, its response). Plain data, no Node or Apollo.
 */
import type { Condition } from './conditions.js';
import type { InputCost } from './input-cost.js';
import type { SizeSource } from './list-size.js';

export interface FieldCost {
  readonly kind: 'field';
  /** `Parent.field`, the parent as selected (an interface or the type condition in scope). */
  readonly coordinate: string;
  readonly responseKey: string;
  readonly conditions: readonly Condition[];
  /** List wrappers around the field's type: 0 for a single value, 2 for `[[T]]`. */
  readonly listDepth: number;
  /** Where the list size comes from: the field's `@listSize`, or its parent's through `sizedFields`. Empty: the default. */
  readonly sizes: readonly SizeSource[];
  readonly weight: number;
  /** An abstract return type's object types and their weights (the actual cost weighs by `__typename`). */
  readonly weightOfType: ReadonlyMap<string, number> | undefined;
  /** The weight `@cost` set (field or type), if any. */
  readonly explicitWeight: number | undefined;
  readonly arguments: InputCost;
  /** Indexes into the compiled operation's subgraphs. */
  readonly owners: readonly number[];
  /** The field's selections; `undefined` for scalars and enums. */
  readonly selection: SelectionCost | undefined;
}

/** An inline fragment or a fragment spread (the spread's `selection` is shared by every spread in the same context). */
export interface FragmentCost {
  readonly kind: 'fragment';
  readonly conditions: readonly Condition[];
  readonly selection: SelectionCost;
}

export type SelectionEntry = FieldCost | FragmentCost;

/**
 * A selection set. At a position of an abstract type, fragments on different types apply to different objects:
 * the entries that apply to the same object types form a column, and the set costs its most expensive column (the
 * largest possible type, as the spec asks of abstract types). One column when no type condition narrows.
 */
export interface SelectionCost {
  readonly columns: readonly (readonly SelectionEntry[])[];
  /** Object type → its column, when there are several (the actual cost picks by `__typename`). */
  readonly columnOfType: ReadonlyMap<string, number>;
}
