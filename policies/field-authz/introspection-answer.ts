/**
 * Answers `__schema` / `__type` against the caller's filtered schema. Pure: graphql-js only, no Node or Apollo.
 *
 * The gateway answers introspection fields against the full API schema while it executes the operation (no
 * subgraph is involved); for `introspection: filtered` the policy then replaces the values of the root
 * `__schema` / `__type` fields with the same selections executed against the caller's view of the schema. The
 * introspection-only document is derived once per document (`introspectionDocument`, cached by the caller).
 */
import {
  execute,
  getOperationAST,
  Kind,
  OperationTypeNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type TypeNode,
} from 'graphql';

const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

/** The operation reduced to its root `__schema` / `__type` fields (fragments on the root expanded), if any. */
export function introspectionDocument(
  document: DocumentNode,
  operationName: string | null | undefined,
): DocumentNode | undefined {
  const operation = getOperationAST(document, operationName);
  if (operation === null || operation === undefined || operation.operation !== OperationTypeNode.QUERY)
    return undefined;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const fields = rootIntrospectionFields(operation.selectionSet, fragments, new Set());
  if (fields.length === 0) return undefined;
  const reduced: OperationDefinitionNode = {
    ...operation,
    selectionSet: { kind: Kind.SELECTION_SET, selections: fields },
  };
  return { kind: Kind.DOCUMENT, definitions: [reduced, ...fragments.values()] };
}

function rootIntrospectionFields(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  spreading: Set<string>,
): FieldNode[] {
  return selectionSet.selections.flatMap((selection): FieldNode[] => {
    switch (selection.kind) {
      case Kind.FIELD:
        return INTROSPECTION_FIELDS.has(selection.name.value) ? [selection] : [];
      case Kind.INLINE_FRAGMENT:
        return rootIntrospectionFields(selection.selectionSet, fragments, spreading);
      case Kind.FRAGMENT_SPREAD: {
        const fragment = fragments.get(selection.name.value);
        if (fragment === undefined || spreading.has(fragment.name.value)) return [];
        spreading.add(fragment.name.value);
        const fields = rootIntrospectionFields(fragment.selectionSet, fragments, spreading);
        spreading.delete(fragment.name.value);
        return fields;
      }
    }
  });
}

/**
 * Executes the introspection-only document against `schema`; returns the root values by response key.
 * Variables whose type the filtered schema hides are left out (the introspection fields only take `String`).
 */
export function answerIntrospection(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  const usable = document.definitions.map((definition) =>
    definition.kind === Kind.OPERATION_DEFINITION
      ? {
          ...definition,
          variableDefinitions: (definition.variableDefinitions ?? []).filter(
            (variable) => schema.getType(namedType(variable.type)) !== undefined,
          ),
        }
      : definition,
  );
  const result = execute({
    schema,
    document: { kind: Kind.DOCUMENT, definitions: usable },
    variableValues: variables ?? {},
  });
  if ('then' in result) throw new Error('introspection execution is synchronous');
  return result.data ?? {};
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}
