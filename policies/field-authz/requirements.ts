/**
 * Merges the supergraph's directives and the configured rules into one requirement per schema coordinate, and
 * derives what selecting a field needs. Pure: no Node or Apollo.
 *
 * Selecting `Parent.field` needs, all together (AND):
 * - the requirement declared on `Parent.field` and on the field's named return type (a type's requirement
 *   applies to every field returning it: objects, interfaces, unions, scalars, enums);
 * - the requirement declared on `Parent` itself, so a fragment on a restricted type (`... on ProductCost`) inside
 *   an abstract field cannot read its fields;
 * - for an object field, the requirement of the same field on every interface the object implements;
 * - for an interface field, the requirements of that field on every implementing object type, and of those
 *   types: the interface field returns data from whichever concrete type the object turns out to be, so it is
 *   denied unless the caller may read it on all of them (secure by default; select it in a fragment on the
 *   concrete type to read it where allowed).
 */
import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  type GraphQLField,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import type { FieldAuthzRule } from './options.js';
import { allOf, NO_REQUIREMENT, type Alternatives, type Requirement } from './requirement.js';

/** The directive metadata this module reads: structurally `SupergraphMetadata` from the hub. */
export interface AuthorizationMetadata {
  readonly authenticated: ReadonlySet<string>;
  readonly requiresScopes: ReadonlyMap<string, Alternatives>;
  readonly policies: ReadonlyMap<string, Alternatives>;
}

export interface RequirementWarning {
  readonly code: 'UNKNOWN_POLICY' | 'UNKNOWN_COORDINATE' | 'UNSATISFIABLE_REQUIREMENT';
  readonly coordinate: string;
  readonly message: string;
}

export interface RequirementIndexInput {
  readonly schema: GraphQLSchema;
  readonly metadata: AuthorizationMetadata;
  readonly rules: Readonly<Record<string, FieldAuthzRule>>;
  /** Names of the policies defined in the configuration. */
  readonly definedPolicies: ReadonlySet<string>;
}

export type CompositeParent = GraphQLObjectType | GraphQLInterfaceType;

export class RequirementIndex {
  readonly #schema: GraphQLSchema;
  readonly #declared: ReadonlyMap<string, Requirement>;
  readonly #fields = new Map<string, Requirement>();
  /** Every scope some requirement mentions: the only scopes that can change a decision. */
  readonly scopeNames: ReadonlySet<string>;
  /** Found while merging: unknown policy names (always denied), rules for missing coordinates, `[]` clauses. */
  readonly warnings: readonly RequirementWarning[];

  constructor(input: RequirementIndexInput) {
    this.#schema = input.schema;
    this.#declared = declaredRequirements(input.metadata, input.rules);
    this.scopeNames = new Set(
      [...this.#declared.values()].flatMap((requirement) => requirement.scopes.flat(2)),
    );
    this.warnings = findWarnings(input, this.#declared);
  }

  /** The requirement declared on a coordinate by directives and rules, before any derivation. */
  declared(coordinate: string): Requirement {
    return this.#declared.get(coordinate) ?? NO_REQUIREMENT;
  }

  /** What selecting `parent.fieldName` needs (see the module comment); computed once per coordinate. */
  field(parent: CompositeParent, fieldName: string): Requirement {
    const coordinate = `${parent.name}.${fieldName}`;
    let requirement = this.#fields.get(coordinate);
    if (requirement === undefined) {
      requirement = this.#deriveField(parent, fieldName);
      this.#fields.set(coordinate, requirement);
    }
    return requirement;
  }

  #deriveField(parent: CompositeParent, fieldName: string): Requirement {
    const parts = [this.#ownField(parent, fieldName)];
    if (isObjectType(parent)) {
      for (const inherited of parent.getInterfaces()) {
        if (inherited.getFields()[fieldName]) parts.push(this.declared(`${inherited.name}.${fieldName}`));
      }
    } else {
      for (const implementation of this.#schema.getPossibleTypes(parent)) {
        parts.push(this.#ownField(implementation, fieldName));
      }
    }
    return allOf(parts);
  }

  #ownField(parent: CompositeParent, fieldName: string): Requirement {
    const field: GraphQLField<unknown, unknown> | undefined = parent.getFields()[fieldName];
    if (field === undefined) return NO_REQUIREMENT;
    return allOf([
      this.declared(parent.name),
      this.declared(`${parent.name}.${fieldName}`),
      this.declared(getNamedType(field.type).name),
    ]);
  }
}

function declaredRequirements(
  metadata: AuthorizationMetadata,
  rules: Readonly<Record<string, FieldAuthzRule>>,
): ReadonlyMap<string, Requirement> {
  const coordinates = new Set([
    ...metadata.authenticated,
    ...metadata.requiresScopes.keys(),
    ...metadata.policies.keys(),
    ...Object.keys(rules),
  ]);
  const declared = new Map<string, Requirement>();
  for (const coordinate of coordinates) {
    const fromDirectives = requirementOf(
      metadata.authenticated.has(coordinate),
      metadata.requiresScopes.get(coordinate),
      metadata.policies.get(coordinate),
    );
    const rule = rules[coordinate];
    const fromRule =
      rule === undefined
        ? NO_REQUIREMENT
        : requirementOf(rule.authenticated ?? false, rule.requiresScopes, rule.policies);
    declared.set(coordinate, allOf([fromDirectives, fromRule]));
  }
  return declared;
}

function requirementOf(
  authenticated: boolean,
  scopes: Alternatives | undefined,
  policies: Alternatives | undefined,
): Requirement {
  return Object.freeze({
    authenticated: authenticated || scopes !== undefined || policies !== undefined,
    scopes: scopes === undefined ? [] : [scopes],
    policies: policies === undefined ? [] : [policies],
  });
}

function findWarnings(
  input: RequirementIndexInput,
  declared: ReadonlyMap<string, Requirement>,
): RequirementWarning[] {
  const warnings: RequirementWarning[] = [];
  for (const [coordinate, requirement] of declared) {
    const unknown = [...new Set(requirement.policies.flat(2))].filter(
      (name) => !input.definedPolicies.has(name),
    );
    for (const name of unknown) {
      warnings.push({
        code: 'UNKNOWN_POLICY',
        coordinate,
        message: `${coordinate} requires policy "${name}", which the configuration does not define: it is always denied`,
      });
    }
    if ([...requirement.scopes, ...requirement.policies].some((clause) => clause.length === 0)) {
      warnings.push({
        code: 'UNSATISFIABLE_REQUIREMENT',
        coordinate,
        message: `${coordinate} has an empty list of alternatives: it is always denied`,
      });
    }
  }
  for (const coordinate of Object.keys(input.rules)) {
    if (!coordinateExists(input.schema, coordinate)) {
      warnings.push({
        code: 'UNKNOWN_COORDINATE',
        coordinate,
        message: `rule for ${coordinate}, which the API schema does not have: it has no effect`,
      });
    }
  }
  return warnings;
}

function coordinateExists(schema: GraphQLSchema, coordinate: string): boolean {
  const [typeName = '', fieldName] = coordinate.split('.');
  const type = schema.getType(typeName);
  if (type === undefined) return false;
  if (fieldName === undefined) return true;
  return (isObjectType(type) || isInterfaceType(type)) && type.getFields()[fieldName] !== undefined;
}
