/**
 * The authorization plan of one operation: every field selection that has a requirement, with its response
 * path. Computed once per document and operation name, independent of the caller. Pure: no Node or Apollo.
 *
 * The walk expands named fragments at each place they are spread and narrows the possible types through every
 * type condition, so aliases, fragments and inline fragments on interfaces and unions are checked exactly like
 * plain fields. A `FieldNode` always gets the same requirement wherever its fragment is spread (the requirement
 * depends only on the node's parent type and field), so filtering can remove nodes by identity.
 *
 * `_entities` and `_service` do not exist in the API schema clients query, so a client cannot select them; the
 * gateway writes `_entities` fetches itself from the operation it plans, which is the filtered one.
 * `__typename` is never restricted; `__schema` and `__type` are the introspection setting's business.
 */
import {
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { isUnrestricted, type Requirement } from './requirement.js';
import type { RequirementIndex } from './requirements.js';

/** One step of a response path: plain data, so responses can be shaped from it without the schema. */
export interface PathSegment {
  /** The response key: the alias, or the field name. */
  readonly key: string;
  /**
   * Set when the field was selected under a type condition narrower than the position's type: the object types
   * (by `__typename`) it applies to. Unset: every object at this position.
   */
  readonly onTypes?: readonly string[];
  /** Non-null flags from the outside in: the field's type, then each list level's items. `[User!]!` → [true, true]. */
  readonly nonNull: readonly boolean[];
}

export interface FieldCheck {
  readonly node: FieldNode;
  /** `Parent.field`, with the parent as selected (the type condition in scope). */
  readonly coordinate: string;
  readonly requirement: Requirement;
  readonly path: readonly PathSegment[];
  /** The field nodes along the path (the last one is `node`): the selection sets that hold each segment. */
  readonly nodes: readonly FieldNode[];
  /** Index in `checks` of the nearest enclosing check, or -1. */
  readonly parent: number;
}

export interface OperationPlan {
  readonly operation: OperationDefinitionNode;
  readonly checks: readonly FieldCheck[];
  /** Whether the operation selects `__schema` or `__type` at its root. */
  readonly selectsIntrospection: boolean;
  /** Set when the walk exceeded `maxSelections`: the operation must be refused, not partially authorized. */
  readonly tooComplex: boolean;
}

interface Position {
  readonly parentType: GraphQLCompositeType;
  /** Object types the selections at this point can apply to, after every type condition on the way. */
  readonly narrowed: ReadonlySet<string>;
  /** Object types the response position can hold (the field's named type). */
  readonly possible: ReadonlySet<string>;
  readonly path: readonly PathSegment[];
  readonly nodes: readonly FieldNode[];
  readonly parentCheck: number;
}

class PlanBuilder {
  readonly checks: FieldCheck[] = [];
  selectsIntrospection = false;
  tooComplex = false;
  #visited = 0;
  readonly #spreading = new Set<string>();

  constructor(
    readonly schema: GraphQLSchema,
    readonly index: RequirementIndex,
    readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    readonly maxSelections: number,
  ) {}

  walk(selectionSet: SelectionSetNode, at: Position): void {
    for (const selection of selectionSet.selections) {
      if (this.tooComplex) return;
      switch (selection.kind) {
        case Kind.FIELD:
          this.#field(selection, at);
          break;
        case Kind.INLINE_FRAGMENT:
          this.walk(selection.selectionSet, this.#narrow(at, selection.typeCondition?.name.value));
          break;
        case Kind.FRAGMENT_SPREAD: {
          const name = selection.name.value;
          const fragment = this.fragments.get(name);
          // Unknown or cyclic spreads fail validation before authorization runs; never recurse forever.
          if (fragment === undefined || this.#spreading.has(name)) break;
          this.#spreading.add(name);
          this.walk(fragment.selectionSet, this.#narrow(at, fragment.typeCondition.name.value));
          this.#spreading.delete(name);
          break;
        }
      }
    }
  }

  #narrow(at: Position, typeCondition: string | undefined): Position {
    if (typeCondition === undefined) return at;
    const type = this.schema.getType(typeCondition);
    if (type === undefined || !isCompositeType(type)) return at;
    const conditionTypes = possibleTypeNames(this.schema, type);
    return {
      ...at,
      parentType: type,
      narrowed: new Set([...at.narrowed].filter((name) => conditionTypes.has(name))),
    };
  }

  #field(node: FieldNode, at: Position): void {
    this.#visited += 1;
    if (this.#visited > this.maxSelections) {
      this.tooComplex = true;
      return;
    }
    const name = node.name.value;
    if (name.startsWith('__')) {
      if ((name === '__schema' || name === '__type') && at.path.length === 0)
        this.selectsIntrospection = true;
      return;
    }
    const parent = at.parentType;
    if (!isObjectType(parent) && !isInterfaceType(parent)) return;
    const definition = parent.getFields()[name];
    if (definition === undefined) return;

    const narrowing = at.narrowed.size < at.possible.size;
    const segment: PathSegment = {
      key: node.alias?.value ?? name,
      ...(narrowing && { onTypes: [...at.narrowed].sort() }),
      nonNull: nonNullFlags(definition.type),
    };
    const path = [...at.path, segment];
    const nodes = [...at.nodes, node];
    const requirement = this.index.field(parent, name);
    let parentCheck = at.parentCheck;
    if (!isUnrestricted(requirement)) {
      this.checks.push({
        node,
        coordinate: `${parent.name}.${name}`,
        requirement,
        path,
        nodes,
        parent: at.parentCheck,
      });
      parentCheck = this.checks.length - 1;
    }
    const returned = getNamedType(definition.type);
    if (node.selectionSet === undefined || !isCompositeType(returned)) return;
    const possible = possibleTypeNames(this.schema, returned);
    this.walk(node.selectionSet, {
      parentType: returned,
      narrowed: possible,
      possible,
      path,
      nodes,
      parentCheck,
    });
  }
}

export function planOperation(
  schema: GraphQLSchema,
  index: RequirementIndex,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  maxSelections: number,
): OperationPlan {
  const root = schema.getRootType(operation.operation);
  if (root === undefined || root === null) {
    return { operation, checks: [], selectsIntrospection: false, tooComplex: false };
  }
  const builder = new PlanBuilder(schema, index, fragments, maxSelections);
  const possible = new Set([root.name]);
  builder.walk(operation.selectionSet, {
    parentType: root,
    narrowed: possible,
    possible,
    path: [],
    nodes: [],
    parentCheck: -1,
  });
  return {
    operation,
    checks: builder.checks,
    selectsIntrospection: builder.selectsIntrospection,
    tooComplex: builder.tooComplex,
  };
}

function possibleTypeNames(schema: GraphQLSchema, type: GraphQLCompositeType): ReadonlySet<string> {
  if (isObjectType(type)) return new Set([type.name]);
  return new Set(schema.getPossibleTypes(type).map((possible) => possible.name));
}

function nonNullFlags(type: GraphQLOutputType): boolean[] {
  const flags: boolean[] = [];
  let current: GraphQLOutputType = type;
  for (;;) {
    flags.push(isNonNullType(current));
    const inner: GraphQLOutputType = isNonNullType(current) ? current.ofType : current;
    if (!isListType(inner)) return flags;
    current = inner.ofType;
  }
}
