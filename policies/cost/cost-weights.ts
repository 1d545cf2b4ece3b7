/**
 * Weights, list sizes and owners of schema elements, looked up once per element and remembered for every document
 * compiled against the same schema. Pure: graphql-js only, no Node or Apollo.
 *
 * Defaults (Apollo's demand control, the IBM spec's defaults): objects, interfaces and unions weigh 1, scalars and
 * enums 0. `@cost` on a field wins over `@cost` on the type it returns. The spec forbids `@cost` on abstract types
 * and on interface fields and asks for the largest weight of the possible types instead: an interface or union
 * weighs the most its object types weigh, and an interface field without `@cost` weighs the most that field weighs
 * on the implementing types. Unknown elements weigh nothing.
 */
import {
  getNamedType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import type { CostMetadata, FieldOwner, ListSizeSpec } from './cost-metadata.js';

export type FieldParent = GraphQLObjectType | GraphQLInterfaceType;

export interface Weight {
  readonly weight: number;
  /** The weight `@cost` set, on the field or its type (Apollo's actual cost counts a `null` object only then). */
  readonly explicit: number | undefined;
}

function maxDefined(values: readonly (number | undefined)[]): number | undefined {
  const defined = values.filter((value): value is number => value !== undefined);
  return defined.length === 0 ? undefined : Math.max(...defined);
}

export class CostWeights {
  readonly #types = new Map<string, Weight>();
  readonly #owners = new Map<string, readonly string[]>();

  constructor(
    readonly schema: GraphQLSchema,
    readonly metadata: CostMetadata,
    private readonly fieldOwner?: FieldOwner,
  ) {}

  /** The object types `type` can be at run time. */
  possibleTypes(type: GraphQLNamedType): readonly GraphQLObjectType[] {
    if (isObjectType(type)) return [type];
    return isAbstractType(type) ? this.schema.getPossibleTypes(type) : [];
  }

  /** An output type's weight: `@cost` on the type, else 1 for objects and 0 for scalars and enums. */
  type(type: GraphQLNamedType): Weight {
    let weight = this.#types.get(type.name);
    if (weight !== undefined) return weight;
    if (isAbstractType(type)) {
      const members = this.possibleTypes(type).map((member) => this.type(member));
      weight = {
        weight: members.length === 0 ? 1 : Math.max(...members.map((member) => member.weight)),
        explicit: maxDefined(members.map((member) => member.explicit)),
      };
    } else {
      const explicit = this.metadata.costs.get(type.name);
      weight = { weight: explicit ?? (isObjectType(type) ? 1 : 0), explicit };
    }
    this.#types.set(type.name, weight);
    return weight;
  }

  /** The weight of selecting `parent.fieldName` once. */
  field(parent: FieldParent, fieldName: string): Weight {
    const own = this.#ownField(parent, fieldName);
    if (own !== undefined || !isInterfaceType(parent)) return own ?? this.#returned(parent, fieldName);
    const implementations = this.possibleTypes(parent).map((type) => this.field(type, fieldName));
    if (implementations.length === 0) return this.#returned(parent, fieldName);
    return {
      weight: Math.max(...implementations.map((implementation) => implementation.weight)),
      explicit: maxDefined(implementations.map((implementation) => implementation.explicit)),
    };
  }

  /**
   * For a field returning an interface or union whose weight comes from the returned type (no `@cost` on the
   * field): each possible type's own weight, so the actual cost can weigh an object by its `__typename`.
   */
  returnedTypeWeights(parent: FieldParent, fieldName: string): ReadonlyMap<string, number> | undefined {
    const field = parent.getFields()[fieldName];
    if (field === undefined) return undefined;
    const returned = getNamedType(field.type);
    if (!isAbstractType(returned)) return undefined;
    const parents = isInterfaceType(parent) ? [parent, ...this.possibleTypes(parent)] : [parent];
    if (parents.some((each) => this.#ownField(each, fieldName) !== undefined)) return undefined;
    return new Map(this.possibleTypes(returned).map((type) => [type.name, this.type(type).weight]));
  }

  /** The explicit weight of an argument: `@cost` on `Parent.field(arg:)` (the most of the implementations'). */
  argument(parent: FieldParent, fieldName: string, argument: GraphQLArgument): number | undefined {
    const suffix = `.${fieldName}(${argument.name}:)`;
    const own = this.metadata.costs.get(`${parent.name}${suffix}`);
    if (own !== undefined || !isInterfaceType(parent)) return own;
    return maxDefined(
      this.possibleTypes(parent).map((type) => this.metadata.costs.get(`${type.name}${suffix}`)),
    );
  }

  /** The explicit weight of an input field: `@cost` on `Input.field`. */
  inputField(inputType: string, field: GraphQLInputField): number | undefined {
    return this.metadata.costs.get(`${inputType}.${field.name}`);
  }

  /** The weight of a scalar or enum input value without `@cost` of its own: its type's `@cost`, else 0. */
  inputLeaf(type: GraphQLNamedType): number {
    return isScalarType(type) || isEnumType(type) ? (this.metadata.costs.get(type.name) ?? 0) : 0;
  }

  /** The weight of an input object value without `@cost` on its argument or field: 1 (composite input). */
  inputObject(type: GraphQLNamedType): number {
    return isInputObjectType(type) ? 1 : 0;
  }

  /** `@listSize` of `parent.fieldName`; for an interface field without one, those of the implementations. */
  listSizes(parent: FieldParent, fieldName: string): readonly ListSizeSpec[] {
    const own = this.metadata.listSizes.get(`${parent.name}.${fieldName}`);
    if (own !== undefined) return [own];
    if (!isInterfaceType(parent)) return [];
    return this.possibleTypes(parent).flatMap((type) => {
      const spec = this.metadata.listSizes.get(`${type.name}.${fieldName}`);
      return spec === undefined ? [] : [spec];
    });
  }

  /** The subgraphs that resolve `parent.fieldName`; for an interface field, also those of the implementations. */
  owners(parent: FieldParent, fieldName: string): readonly string[] {
    const coordinate = `${parent.name}.${fieldName}`;
    let owners = this.#owners.get(coordinate);
    if (owners !== undefined) return owners;
    const fieldOwner = this.fieldOwner;
    const coordinates = [coordinate];
    if (isInterfaceType(parent)) {
      coordinates.push(...this.possibleTypes(parent).map((type) => `${type.name}.${fieldName}`));
    }
    owners = fieldOwner === undefined ? [] : [...new Set(coordinates.flatMap((each) => fieldOwner(each)))];
    this.#owners.set(coordinate, owners);
    return owners;
  }

  #ownField(parent: FieldParent, fieldName: string): Weight | undefined {
    const explicit = this.metadata.costs.get(`${parent.name}.${fieldName}`);
    return explicit === undefined ? undefined : { weight: explicit, explicit };
  }

  #returned(parent: FieldParent, fieldName: string): Weight {
    const field = parent.getFields()[fieldName];
    return field === undefined ? { weight: 0, explicit: undefined } : this.type(getNamedType(field.type));
  }
}
