/**
 * The walk that turns an operation into its cost plan (`cost-plan.ts`): one pass over the document, every named
 * fragment compiled once per context (a fragment bomb compiles in linear time, a cycle ends). Pure: graphql-js
 * only, no Node or Apollo.
 */
import {
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type SelectionSetNode,
} from 'graphql';
import { ALWAYS_SKIPPED, compileConditions } from './conditions.js';
import type { FieldCost, SelectionCost, SelectionEntry } from './cost-plan.js';
import type { CostWeights, FieldParent } from './cost-weights.js';
import {
  addInputCosts,
  NO_INPUT_COST,
  scoreLiteral,
  type InputCost,
  type InputPositions,
} from './input-cost.js';
import { compileSizeSource, type SizeSource } from './list-size.js';

interface SizedContext {
  readonly fields: ReadonlySet<string>;
  readonly sizes: readonly SizeSource[];
}

const IN_PROGRESS = Symbol('in progress');

function listDepth(type: GraphQLOutputType): number {
  if (isNonNullType(type)) return listDepth(type.ofType);
  return isListType(type) ? 1 + listDepth(type.ofType) : 0;
}

export class Compiler {
  readonly subgraphs: string[] = [];
  readonly #fragments = new Map<string, FragmentDefinitionNode>();
  readonly #compiled = new Map<SizedContext | null, Map<string, SelectionCost | typeof IN_PROGRESS>>();

  constructor(
    private readonly weights: CostWeights,
    private readonly inputs: InputPositions,
    document: DocumentNode,
  ) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION && !this.#fragments.has(definition.name.value)) {
        this.#fragments.set(definition.name.value, definition);
      }
    }
  }

  selection(
    selectionSet: SelectionSetNode,
    scope: GraphQLCompositeType,
    possible: readonly GraphQLObjectType[],
    sized: SizedContext | undefined,
  ): SelectionCost {
    const entries: { entry: SelectionEntry; types: ReadonlySet<string> | undefined }[] = [];
    for (const selection of selectionSet.selections) {
      const conditions = compileConditions(selection.directives);
      if (conditions === ALWAYS_SKIPPED) continue;
      if (selection.kind === Kind.FIELD) {
        // __typename costs nothing; introspection is the hub's own business.
        if (selection.name.value.startsWith('__') || !(isObjectType(scope) || isInterfaceType(scope)))
          continue;
        const definition = scope.getFields()[selection.name.value];
        if (definition === undefined) continue;
        entries.push({
          entry: this.#field(selection, scope, definition, conditions, sized),
          types: undefined,
        });
        continue;
      }
      const typeName =
        selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition?.name.value : undefined;
      const fragment =
        selection.kind === Kind.FRAGMENT_SPREAD ? this.#fragments.get(selection.name.value) : undefined;
      if (selection.kind === Kind.FRAGMENT_SPREAD && fragment === undefined) continue;
      const condition = this.weights.schema.getType(
        fragment?.typeCondition.name.value ?? typeName ?? scope.name,
      );
      if (condition === undefined || !isCompositeType(condition)) continue;
      const conditionTypes = new Set(this.weights.possibleTypes(condition).map((type) => type.name));
      const narrowed = possible.filter((type) => conditionTypes.has(type.name));
      if (narrowed.length === 0) continue;
      const inner =
        selection.kind === Kind.INLINE_FRAGMENT
          ? this.selection(selection.selectionSet, condition, narrowed, sized)
          : this.#fragment(fragment, condition, sized);
      if (inner === undefined) continue;
      const types =
        narrowed.length === possible.length ? undefined : new Set(narrowed.map((type) => type.name));
      entries.push({ entry: { kind: 'fragment', conditions, selection: inner }, types });
    }
    return columns(entries, possible);
  }

  #fragment(
    fragment: FragmentDefinitionNode | undefined,
    condition: GraphQLCompositeType,
    sized: SizedContext | undefined,
  ): SelectionCost | undefined {
    if (fragment === undefined) return undefined;
    let byName = this.#compiled.get(sized ?? null);
    if (byName === undefined) {
      byName = new Map();
      this.#compiled.set(sized ?? null, byName);
    }
    const known = byName.get(fragment.name.value);
    if (known === IN_PROGRESS) return undefined; // a cycle: a validation error
    if (known !== undefined) return known;
    byName.set(fragment.name.value, IN_PROGRESS);
    const compiled = this.selection(
      fragment.selectionSet,
      condition,
      this.weights.possibleTypes(condition),
      sized,
    );
    byName.set(fragment.name.value, compiled);
    return compiled;
  }

  #field(
    node: FieldNode,
    parent: FieldParent,
    definition: GraphQLField<unknown, unknown>,
    conditions: FieldCost['conditions'],
    sized: SizedContext | undefined,
  ): FieldCost {
    const name = node.name.value;
    const coordinate = `${parent.name}.${name}`;
    const specs = this.weights.listSizes(parent, name);
    const ownSizes = specs.map((spec) => compileSizeSource(spec, coordinate, node, definition));
    const depth = listDepth(definition.type);
    const sizes = depth > 0 && sized?.fields.has(name) === true ? sized.sizes : ownSizes;
    const sizedSpecs = specs.flatMap((spec, index) => (spec.sizedFields === null ? [] : [{ spec, index }]));
    const childSized: SizedContext | undefined =
      sizedSpecs.length === 0
        ? undefined
        : {
            fields: new Set(sizedSpecs.flatMap(({ spec }) => spec.sizedFields ?? [])),
            sizes: sizedSpecs.flatMap(({ index }) => ownSizes[index] ?? []),
          };
    const returned = getNamedType(definition.type);
    const { weight, explicit } = this.weights.field(parent, name);
    return {
      kind: 'field',
      coordinate,
      responseKey: node.alias?.value ?? name,
      conditions,
      listDepth: depth,
      sizes,
      weight,
      weightOfType: this.weights.returnedTypeWeights(parent, name),
      explicitWeight: explicit,
      arguments: this.#arguments(node, parent, definition),
      owners: this.weights.owners(parent, name).map((subgraph) => this.#subgraphIndex(subgraph)),
      selection:
        node.selectionSet !== undefined && isCompositeType(returned)
          ? this.selection(node.selectionSet, returned, this.weights.possibleTypes(returned), childSized)
          : undefined,
    };
  }

  #arguments(node: FieldNode, parent: FieldParent, definition: GraphQLField<unknown, unknown>): InputCost {
    const costs = (node.arguments ?? []).flatMap((argument) => {
      const argumentDefinition = definition.args.find((each) => each.name === argument.name.value);
      if (argumentDefinition === undefined) return [];
      const explicit = this.weights.argument(parent, definition.name, argumentDefinition);
      return [scoreLiteral(argument.value, this.inputs.position(argumentDefinition.type, explicit))];
    });
    return costs.length === 0 ? NO_INPUT_COST : addInputCosts(costs);
  }

  #subgraphIndex(subgraph: string): number {
    const index = this.subgraphs.indexOf(subgraph);
    if (index >= 0) return index;
    this.subgraphs.push(subgraph);
    return this.subgraphs.length - 1;
  }
}

/** Groups entries into columns: the object types that the same entries apply to share one. */
function columns(
  entries: readonly { entry: SelectionEntry; types: ReadonlySet<string> | undefined }[],
  possible: readonly GraphQLObjectType[],
): SelectionCost {
  if (entries.every(({ types }) => types === undefined)) {
    return { columns: [entries.map(({ entry }) => entry)], columnOfType: new Map() };
  }
  const byKey = new Map<string, number>();
  const result: SelectionEntry[][] = [];
  const columnOfType = new Map<string, number>();
  for (const type of possible) {
    const applying = entries.flatMap(({ types }, index) =>
      types === undefined || types.has(type.name) ? [index] : [],
    );
    const key = applying.join(',');
    let column = byKey.get(key);
    if (column === undefined) {
      column = result.length;
      byKey.set(key, column);
      result.push(applying.map((index) => entries[index]?.entry).filter((entry) => entry !== undefined));
    }
    columnOfType.set(type.name, column);
  }
  return { columns: result, columnOfType };
}
