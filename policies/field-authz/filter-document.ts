/**
 * Removes denied field selections from an operation document, so the gateway never plans (and no subgraph is
 * ever asked for) them. Pure: no Node or Apollo; the input document is never changed.
 *
 * The result is a valid document for the same schema: it holds only the chosen operation; fragments and
 * variables no longer used are dropped. `__typename` is added under a reserved alias (`typenameAlias`, which
 * apply-denials.ts removes again) where a selection set would be left empty, and where a denied field was
 * selected under a narrowing type condition (`... on User { email }` inside a union), so the response can be
 * shaped per object type.
 */
import {
  Kind,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { FieldCheck, PathSegment } from './operation-requirements.js';

/** A denied selection, as plain data for shaping the response and reporting errors. */
export interface DeniedField {
  readonly path: readonly PathSegment[];
  readonly coordinate: string;
}

/** What apply-denials.ts needs to shape the response of the filtered operation. */
export interface ResponseShaping {
  readonly denied: readonly DeniedField[];
  /** The alias under which `__typename` was added (placeholders, and where denials depend on the object's type). */
  readonly typenameAlias: string;
}

export interface FilteredDocument extends ResponseShaping {
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
}

const TYPENAME_ALIAS = 'authzTypename';

export function deniedFieldsOf(checks: readonly FieldCheck[]): DeniedField[] {
  return checks.map((check) => ({ path: check.path, coordinate: check.coordinate }));
}

export function filterDocument(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  deniedNodes: ReadonlySet<FieldNode>,
  denied: readonly FieldCheck[],
): FilteredDocument {
  const typenameAlias = unusedAlias(document);
  const markerHosts = typenameHosts(denied);
  const edited = visit(document, {
    OperationDefinition: (node) => (node === operation ? undefined : null),
    Field: (node) => {
      if (deniedNodes.has(node)) return null;
      if (!markerHosts.has(node) || node.selectionSet === undefined) return undefined;
      return { ...node, selectionSet: withTypename(node.selectionSet, typenameAlias) };
    },
    SelectionSet: {
      leave: (node) =>
        node.selections.length === 0 ? { ...node, selections: [typenameField(typenameAlias)] } : undefined,
    },
  });
  const pruned = withoutUnusedDefinitions(edited);
  const filteredOperation = pruned.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (filteredOperation === undefined) throw new Error('filterDocument: the operation disappeared');
  return {
    document: pruned,
    operation: filteredOperation,
    denied: deniedFieldsOf(denied),
    typenameAlias,
  };
}

/** Field nodes whose selection set holds a segment that applies only to some object types. */
function typenameHosts(denied: readonly FieldCheck[]): ReadonlySet<FieldNode> {
  const hosts = new Set<FieldNode>();
  for (const check of denied) {
    check.path.forEach((segment, index) => {
      const host = check.nodes[index - 1];
      if (segment.onTypes !== undefined && host !== undefined) hosts.add(host);
    });
  }
  return hosts;
}

function typenameField(alias: string): FieldNode {
  return {
    kind: Kind.FIELD,
    alias: { kind: Kind.NAME, value: alias },
    name: { kind: Kind.NAME, value: '__typename' },
  };
}

function withTypename(selectionSet: SelectionSetNode, alias: string): SelectionSetNode {
  return { ...selectionSet, selections: [...selectionSet.selections, typenameField(alias)] };
}

/** `authzTypename`, or with a numeric suffix if the document already uses that name anywhere. */
function unusedAlias(document: DocumentNode): string {
  const used = new Set<string>();
  visit(document, {
    Field: (node) => {
      used.add(node.alias?.value ?? node.name.value);
    },
  });
  let alias = TYPENAME_ALIAS;
  for (let suffix = 1; used.has(alias); suffix += 1) alias = `${TYPENAME_ALIAS}${suffix}`;
  return alias;
}

/** Drops fragments no longer reachable from the operation and variable definitions no longer used. */
function withoutUnusedDefinitions(document: DocumentNode): DocumentNode {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION) operation = definition;
  }
  if (operation === undefined) return document;

  const reachable = new Set<string>();
  const usedVariables = new Set<string>();
  const pending: (OperationDefinitionNode | FragmentDefinitionNode)[] = [operation];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    visit(next, {
      VariableDefinition: () => false,
      Variable: (node) => {
        usedVariables.add(node.name.value);
      },
      FragmentSpread: (node) => {
        const fragment = fragments.get(node.name.value);
        if (fragment === undefined || reachable.has(node.name.value)) return;
        reachable.add(node.name.value);
        pending.push(fragment);
      },
    });
  }

  const prunedOperation: OperationDefinitionNode = {
    ...operation,
    variableDefinitions: (operation.variableDefinitions ?? []).filter((definition) =>
      usedVariables.has(definition.variable.name.value),
    ),
  };
  return {
    ...document,
    definitions: document.definitions.flatMap((definition) => {
      if (definition === operation) return [prunedOperation];
      if (definition.kind === Kind.FRAGMENT_DEFINITION && !reachable.has(definition.name.value)) return [];
      return [definition];
    }),
  };
}
