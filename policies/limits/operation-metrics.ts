/**
 * The shape measures of one operation, in one walk of the document: depth, height, aliases, directives and root
 * fields, with fragments expanded at every place they are spread. Pure: graphql-js types only, no Node or Apollo.
 *
 * Each named fragment is measured once and its counts are added at every spread, so a "fragment bomb" (fragments
 * that each spread the next one twice) costs time linear in the document while its counts grow as the expanded
 * operation would. A spread of a fragment that is still being measured (a cycle) counts nothing: cycles fail
 * validation, and the walk must end even when it runs before validation. Counts are doubles: an absurd expansion
 * saturates towards `Infinity`, which still exceeds every limit.
 *
 * The definitions follow Apollo Router's request limits (https://www.apollographql.com/docs/graphos/routing/security/request-limits):
 * - depth: the deepest nesting of fields; fragments and inline fragments add no level.
 * - height: fields per selection set, counted once per field name (an aliased duplicate of a sibling is not
 *   counted), plus the heights of every field's own selections. Inline fragments and spreads are scopes of their own.
 * - aliases: every aliased field.
 * - rootFields: the distinct response keys at the root, through fragments (each alias counts).
 * - directives: every directive application: on the operation, its variables, fields, inline fragments, spreads and
 *   the spread fragments' definitions.
 */
import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

export interface OperationMetrics {
  readonly depth: number;
  readonly height: number;
  readonly aliases: number;
  readonly directives: number;
  readonly rootFields: number;
}

interface SelectionCounts {
  readonly depth: number;
  readonly height: number;
  readonly aliases: number;
  readonly directives: number;
}

const NOTHING: SelectionCounts = { depth: 0, height: 0, aliases: 0, directives: 0 };
const IN_PROGRESS = Symbol('in progress');

/** The operation a request runs, as graphql-js picks it: by name, or the only one when no name is given. */
export function findOperation(
  document: DocumentNode,
  operationName?: string | null,
): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (operationName == null) return operations.length === 1 ? operations[0] : undefined;
  return operations.find((operation) => operation.name?.value === operationName);
}

class Measurer {
  readonly #fragments = new Map<string, FragmentDefinitionNode>();
  readonly #counts = new Map<string, SelectionCounts | typeof IN_PROGRESS>();
  readonly #rootKeys = new Map<string, ReadonlySet<string> | typeof IN_PROGRESS>();

  constructor(document: DocumentNode) {
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.FRAGMENT_DEFINITION) continue;
      // A second definition of the same name fails validation; measure the first.
      if (!this.#fragments.has(definition.name.value)) this.#fragments.set(definition.name.value, definition);
    }
  }

  selectionSet(selectionSet: SelectionSetNode): SelectionCounts {
    let depth = 0;
    let height = 0;
    let aliases = 0;
    let directives = 0;
    const seen = new Set<string>();
    for (const selection of selectionSet.selections) {
      directives += selection.directives?.length ?? 0;
      let nested: SelectionCounts;
      switch (selection.kind) {
        case Kind.FIELD: {
          nested = selection.selectionSet === undefined ? NOTHING : this.selectionSet(selection.selectionSet);
          depth = Math.max(depth, 1 + nested.depth);
          if (selection.alias !== undefined) aliases += 1;
          if (!seen.has(selection.name.value)) {
            seen.add(selection.name.value);
            height += 1;
          }
          break;
        }
        case Kind.INLINE_FRAGMENT:
          nested = this.selectionSet(selection.selectionSet);
          depth = Math.max(depth, nested.depth);
          break;
        case Kind.FRAGMENT_SPREAD:
          nested = this.fragment(selection.name.value);
          depth = Math.max(depth, nested.depth);
          break;
      }
      height += nested.height;
      aliases += nested.aliases;
      directives += nested.directives;
    }
    return { depth, height, aliases, directives };
  }

  /** Response keys selected at this level, looking through inline fragments and spreads. */
  rootKeys(selectionSet: SelectionSetNode, into: Set<string>): Set<string> {
    for (const selection of selectionSet.selections) {
      switch (selection.kind) {
        case Kind.FIELD:
          into.add(selection.alias?.value ?? selection.name.value);
          break;
        case Kind.INLINE_FRAGMENT:
          this.rootKeys(selection.selectionSet, into);
          break;
        case Kind.FRAGMENT_SPREAD:
          for (const key of this.#fragmentRootKeys(selection.name.value)) into.add(key);
          break;
      }
    }
    return into;
  }

  /** The counts of a named fragment's selections, its own directives included (a cycle counts nothing). */
  fragment(name: string): SelectionCounts {
    const known = this.#counts.get(name);
    if (known === IN_PROGRESS) return NOTHING;
    if (known !== undefined) return known;
    const definition = this.#fragments.get(name);
    if (definition === undefined) return NOTHING; // unknown fragment: a validation error
    this.#counts.set(name, IN_PROGRESS);
    const inner = this.selectionSet(definition.selectionSet);
    const counts = { ...inner, directives: inner.directives + (definition.directives?.length ?? 0) };
    this.#counts.set(name, counts);
    return counts;
  }

  get fragmentNames(): Iterable<string> {
    return this.#fragments.keys();
  }

  #fragmentRootKeys(name: string): ReadonlySet<string> {
    const known = this.#rootKeys.get(name);
    if (known === IN_PROGRESS) return new Set();
    if (known !== undefined) return known;
    const definition = this.#fragments.get(name);
    if (definition === undefined) return new Set();
    this.#rootKeys.set(name, IN_PROGRESS);
    const keys = this.rootKeys(definition.selectionSet, new Set());
    this.#rootKeys.set(name, keys);
    return keys;
  }
}

function operationMetrics(measurer: Measurer, operation: OperationDefinitionNode): OperationMetrics {
  const counts = measurer.selectionSet(operation.selectionSet);
  const variableDirectives = (operation.variableDefinitions ?? []).reduce(
    (sum, variable) => sum + (variable.directives?.length ?? 0),
    0,
  );
  return {
    depth: counts.depth,
    height: counts.height,
    aliases: counts.aliases,
    directives: counts.directives + (operation.directives?.length ?? 0) + variableDirectives,
    rootFields: measurer.rootKeys(operation.selectionSet, new Set()).size,
  };
}

/**
 * Measures the operation `operationName` selects (or the document's only operation). `undefined` when there is no
 * such operation: execution reports that, and there is nothing to measure.
 */
export function measureOperation(
  document: DocumentNode,
  operationName?: string | null,
): OperationMetrics | undefined {
  const operation = findOperation(document, operationName);
  if (operation === undefined) return undefined;
  return operationMetrics(new Measurer(document), operation);
}

/**
 * The largest measures of anything in the document, before it is validated: every operation, and every named
 * fragment as if it stood alone (a fragment no operation spreads is still validated, so 300 directives in it
 * cost as much as in an operation). A spread fragment never measures more than the operation spreading it, so
 * for valid documents this is the largest measure of their operations. Root fields count operations only.
 */
export function measureDocument(document: DocumentNode): OperationMetrics {
  const measurer = new Measurer(document);
  let depth = 0;
  let height = 0;
  let aliases = 0;
  let directives = 0;
  let rootFields = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const metrics = operationMetrics(measurer, definition);
    depth = Math.max(depth, metrics.depth);
    height = Math.max(height, metrics.height);
    aliases = Math.max(aliases, metrics.aliases);
    directives = Math.max(directives, metrics.directives);
    rootFields = Math.max(rootFields, metrics.rootFields);
  }
  for (const name of measurer.fragmentNames) {
    const counts = measurer.fragment(name);
    depth = Math.max(depth, counts.depth);
    height = Math.max(height, counts.height);
    aliases = Math.max(aliases, counts.aliases);
    directives = Math.max(directives, counts.directives);
  }
  return { depth, height, aliases, directives, rootFields };
}
