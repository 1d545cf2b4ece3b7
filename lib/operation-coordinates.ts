/**
 * The schema coordinates an operation references, computed once per document and operation: fields
 * (`Type.field`), arguments (`Type.field(arg:)`), and the input object fields (`Input.field`) and enum values
 * (`Enum.VALUE`) written inline. What variables carry is walked per request (`VariableWalk`, see
 * variable-coordinates.ts), with the variable's default value when the request does not give it. Meta fields
 * (`__typename`, `__schema`, `__type`) and directive arguments are not coordinates of the graph. Pure: graphql-js
 * only. The hub's usage policy records them per request; the registry computes them for registered operations.
 */
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  typeFromAST,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';

/** The fragments `root` uses, transitively, by name. */
export function usedFragments(document: DocumentNode, root: ASTNode): Map<string, FragmentDefinitionNode> {
  const all = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) all.set(definition.name.value, definition);
  }
  const used = new Map<string, FragmentDefinitionNode>();
  const pending: ASTNode[] = [root];
  while (pending.length > 0) {
    const node = pending.pop() as ASTNode;
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        const fragment = all.get(name);
        if (fragment !== undefined && !used.has(name)) {
          used.set(name, fragment);
          pending.push(fragment);
        }
      },
    });
  }
  return used;
}

export interface VariableWalk {
  readonly name: string;
  readonly type: GraphQLInputType;
  /** What the default value names, used when the request leaves the variable out. */
  readonly defaultCoordinates: readonly string[];
}

export interface OperationCoordinates {
  /** Sorted. */
  readonly coordinates: readonly string[];
  /** The variables whose values may name input fields or enum values. */
  readonly variables: readonly VariableWalk[];
}

/** Whether values of `type` can name an input field or an enum value. */
export function carriesCoordinates(type: GraphQLInputType): boolean {
  const named = getNamedType(type);
  return isEnumType(named) || isInputObjectType(named);
}

/** Adds what a literal names (input fields, enum values), against its input type. Variables are skipped. */
export function literalCoordinates(node: ValueNode, type: GraphQLInputType, out: Set<string>): void {
  if (isNonNullType(type)) {
    literalCoordinates(node, type.ofType, out);
    return;
  }
  if (isListType(type)) {
    if (node.kind === Kind.LIST) for (const item of node.values) literalCoordinates(item, type.ofType, out);
    else literalCoordinates(node, type.ofType, out);
    return;
  }
  if (isInputObjectType(type) && node.kind === Kind.OBJECT) {
    const fields = type.getFields();
    for (const field of node.fields) {
      const definition = fields[field.name.value];
      if (definition === undefined) continue;
      out.add(`${type.name}.${definition.name}`);
      literalCoordinates(field.value, definition.type, out);
    }
    return;
  }
  if (isEnumType(type) && node.kind === Kind.ENUM && type.getValue(node.value) !== undefined) {
    out.add(`${type.name}.${node.value}`);
  }
}

export function operationCoordinates(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): OperationCoordinates {
  const out = new Set<string>();
  const roots = [operation, ...usedFragments(document, operation).values()];
  for (const root of roots) {
    const typeInfo = new TypeInfo(schema);
    visit(
      root,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          const parent = typeInfo.getParentType();
          if (parent == null || node.name.value.startsWith('__')) return;
          if (typeInfo.getFieldDef() == null) return;
          out.add(`${parent.name}.${node.name.value}`);
        },
        Argument(node) {
          if (typeInfo.getDirective() != null) return;
          const parent = typeInfo.getParentType();
          const field = typeInfo.getFieldDef();
          const argument = typeInfo.getArgument();
          if (parent == null || field == null || argument == null) return;
          out.add(`${parent.name}.${field.name}(${argument.name}:)`);
          literalCoordinates(node.value, argument.type, out);
        },
      }),
    );
  }
  const variables: VariableWalk[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (type === undefined || !carriesCoordinates(type)) continue;
    const defaults = new Set<string>();
    if (definition.defaultValue !== undefined) literalCoordinates(definition.defaultValue, type, defaults);
    variables.push({ name: definition.variable.name.value, type, defaultCoordinates: [...defaults] });
  }
  return { coordinates: [...out].sort(), variables };
}
