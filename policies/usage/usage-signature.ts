/**
 * The normalised signature of an operation, in the manner of Apollo's usage reporting signature: the operation
 * and the fragments it uses (others dropped), literals hidden (`0`, `""`, `[]`, `{}`), aliases removed,
 * selections, arguments and directives sorted, whitespace reduced. Two requests that differ only in literals,
 * aliases, order or formatting get the same signature. Pure: graphql-js only.
 */
import {
  Kind,
  print,
  visit,
  type DefinitionNode,
  type DocumentNode,
  type OperationDefinitionNode,
  type SelectionNode,
} from 'graphql';
import { usedFragments } from '../../lib/operation-coordinates.js';

/** The operation `operationName` names, or the only one; undefined when there is none or the name is unknown. */
export function findOperation(
  document: DocumentNode,
  operationName: string | null | undefined,
): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (operationName) return operations.find((operation) => operation.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

function selectionKey(selection: SelectionNode): string {
  switch (selection.kind) {
    case Kind.FIELD:
      return `0${selection.name.value}`;
    case Kind.FRAGMENT_SPREAD:
      return `1${selection.name.value}`;
    case Kind.INLINE_FRAGMENT:
      return `2${selection.typeCondition?.name.value ?? ''}`;
  }
}

function byName<T extends { readonly name: { readonly value: string } }>(nodes: readonly T[] | undefined) {
  return nodes === undefined ? undefined : [...nodes].sort((a, b) => compare(a.name.value, b.name.value));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Prints with the whitespace a parser needs only (literals are hidden, so no string holds any). */
function printReduced(document: DocumentNode): string {
  return print(document)
    .replace(/\s+/g, ' ')
    .replace(/ ?([^_a-zA-Z0-9 ]) ?/g, '$1')
    .trim();
}

export function usageSignature(document: DocumentNode, operation: OperationDefinitionNode): string {
  const fragments = [...usedFragments(document, operation).values()].sort((a, b) =>
    compare(a.name.value, b.name.value),
  );
  const definitions: DefinitionNode[] = [operation, ...fragments];
  const normalised = visit(
    { kind: Kind.DOCUMENT, definitions },
    {
      IntValue: (node) => ({ ...node, value: '0' }),
      FloatValue: (node) => ({ ...node, kind: Kind.INT, value: '0' }),
      StringValue: (node) => ({ ...node, value: '', block: false }),
      ListValue: (node) => ({ ...node, values: [] }),
      ObjectValue: (node) => ({ ...node, fields: [] }),
      Field: {
        leave: (node) => ({
          ...node,
          alias: undefined,
          arguments: byName(node.arguments),
          directives: byName(node.directives),
        }),
      },
      Directive: { leave: (node) => ({ ...node, arguments: byName(node.arguments) }) },
      SelectionSet: {
        leave: (node) => ({
          ...node,
          selections: [...node.selections].sort((a, b) => compare(selectionKey(a), selectionKey(b))),
        }),
      },
    },
  );
  return printReduced(normalised);
}
