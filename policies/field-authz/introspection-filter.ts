/**
 * The API schema as one caller may see it through introspection: fields the caller could never select and
 * types they could never receive are hidden. Pure: no Node or Apollo. The result only answers `__schema` and
 * `__type`; operations still run against the full schema (and are filtered by the plan).
 *
 * Hidden, until nothing changes: fields whose requirement the caller does not meet, or whose return or argument
 * type is hidden; types whose own requirement the caller does not meet; object and interface types left with no
 * field; unions left with no member; input types with a field of a hidden type. Root types are never hidden.
 */
import {
  buildASTSchema,
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  isUnionType,
  Kind,
  parse,
  printSchema,
  visit,
  type GraphQLNamedType,
  type GraphQLSchema,
  type NamedTypeNode,
  type TypeNode,
} from 'graphql';
import { isSatisfiedBy, type CallerFacts } from './requirement.js';
import type { RequirementIndex } from './requirements.js';

export interface HiddenElements {
  readonly types: ReadonlySet<string>;
  /** `Type.field` coordinates. */
  readonly fields: ReadonlySet<string>;
}

export function hiddenElements(
  schema: GraphQLSchema,
  index: RequirementIndex,
  caller: CallerFacts,
): HiddenElements {
  const roots = new Set(
    [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((root) =>
      root ? [root.name] : [],
    ),
  );
  const userTypes = Object.values(schema.getTypeMap()).filter(
    (type) => !type.name.startsWith('__') && !(isScalarType(type) && isSpecifiedScalarType(type)),
  );
  const types = new Set(
    userTypes
      .filter((type) => !roots.has(type.name) && !isSatisfiedBy(index.declared(type.name), caller))
      .map((type) => type.name),
  );
  const fields = new Set<string>();

  for (let changed = true; changed;) {
    changed = false;
    const hide = (type: GraphQLNamedType): void => {
      if (roots.has(type.name) || types.has(type.name)) return;
      types.add(type.name);
      changed = true;
    };
    for (const type of userTypes) {
      if (types.has(type.name)) continue;
      if (isObjectType(type) || isInterfaceType(type)) {
        const visible = Object.values(type.getFields()).filter((field) => {
          const coordinate = `${type.name}.${field.name}`;
          if (fields.has(coordinate)) return false;
          const hidden =
            !isSatisfiedBy(index.field(type, field.name), caller) ||
            types.has(getNamedType(field.type).name) ||
            field.args.some((arg) => types.has(getNamedType(arg.type).name));
          if (hidden) {
            fields.add(coordinate);
            changed = true;
          }
          return !hidden;
        });
        if (visible.length === 0) hide(type);
      } else if (isUnionType(type)) {
        if (type.getTypes().every((member) => types.has(member.name))) hide(type);
      } else if (isInputObjectType(type)) {
        const fieldTypes = Object.values(type.getFields()).map((field) => getNamedType(field.type).name);
        if (fieldTypes.some((name) => types.has(name))) hide(type);
      }
      // Enums and scalars are hidden only by their own requirement, decided above.
    }
  }
  return { types, fields };
}

/** Rebuilds the schema without the hidden elements (from its printed SDL). */
export function filterSchemaForIntrospection(schema: GraphQLSchema, hidden: HiddenElements): GraphQLSchema {
  if (hidden.types.size === 0 && hidden.fields.size === 0) return schema;
  const keepNamed = (node: NamedTypeNode): boolean => !hidden.types.has(node.name.value);
  const isHidden = (node: { readonly name: { readonly value: string } }): boolean =>
    hidden.types.has(node.name.value);
  const typeOwner = (name: string): null | undefined => (hidden.types.has(name) ? null : undefined);
  const sdl = visit(parse(printSchema(schema)), {
    ObjectTypeDefinition: (node) => (isHidden(node) ? null : withoutHiddenMembers(node)),
    InterfaceTypeDefinition: (node) => (isHidden(node) ? null : withoutHiddenMembers(node)),
    UnionTypeDefinition: (node) =>
      isHidden(node) ? null : { ...node, types: (node.types ?? []).filter(keepNamed) },
    InputObjectTypeDefinition: (node) => typeOwner(node.name.value),
    EnumTypeDefinition: (node) => typeOwner(node.name.value),
    ScalarTypeDefinition: (node) => typeOwner(node.name.value),
    DirectiveDefinition: (node) =>
      (node.arguments ?? []).some((arg) => hidden.types.has(namedTypeOf(arg.type))) ? null : undefined,
  });
  return buildASTSchema(sdl, { assumeValidSDL: true });

  function withoutHiddenMembers<
    Node extends {
      readonly name: { readonly value: string };
      readonly fields?: readonly { readonly name: { readonly value: string } }[];
      readonly interfaces?: readonly NamedTypeNode[];
    },
  >(node: Node): Node {
    return {
      ...node,
      fields: (node.fields ?? []).filter(
        (field) => !hidden.fields.has(`${node.name.value}.${field.name.value}`),
      ),
      interfaces: (node.interfaces ?? []).filter(keepNamed),
    };
  }
}

function namedTypeOf(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type);
}
