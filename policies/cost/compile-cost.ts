/**
 * Demand control: compiles an operation's cost once per document, so each request only evaluates the result with
 * its variables. Implements the IBM GraphQL Cost Directive spec (https://ibm.github.io/graphql-specs/cost-spec.html)
 * as Apollo Federation and GraphOS Router use it (https://www.apollographql.com/docs/graphos/routing/security/demand-control).
 * Pure: graphql-js only, no Node or Apollo.
 *
 * `new CostModel({ schema, metadata, options })` holds what depends on the schema only (weights, input positions)
 * and is built once per supergraph; `model.compile(document, operationName)` walks the document once — named
 * fragments once per context, so a fragment bomb compiles in linear time — and returns a `CompiledCost`.
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
  type GraphQLSchema,
  type OperationDefinitionNode,
  type OperationTypeNode,
  type SelectionSetNode,
} from 'graphql';
import { ActualCost } from './actual-cost.js';
import { ALWAYS_SKIPPED, compileConditions } from './conditions.js';
import type { CostMetadata, FieldOwner, Variables } from './cost-metadata.js';
import { operationBase, type CostFormula } from './cost-formula.js';
import type { FieldCost, SelectionCost, SelectionEntry } from './cost-plan.js';
import { CostWeights, type FieldParent } from './cost-weights.js';
import { Estimation, type CompiledOperation, type CostVector } from './estimate-cost.js';
import {
  addInputCosts,
  InputPositions,
  NO_INPUT_COST,
  scoreLiteral,
  variableDefaults,
} from './input-cost.js';
import { compileSizeSource, type SizeSource, type SlicingViolation } from './list-size.js';

export type { SlicingViolation } from './list-size.js';

export interface CostModelOptions {
  /** The size assumed for a list field without `@listSize` (Apollo's `static_estimated.list_size`). */
  readonly defaultListSize: number;
  /** `apollo` (default) or the IBM spec's Field Cost; see `cost-formula.ts`. */
  readonly formula?: CostFormula;
}

export interface CostResult {
  readonly cost: number;
  /** Per subgraph (when the model has a `fieldOwner`): the cost of the fields it resolves. */
  readonly bySubgraph: ReadonlyMap<string, number>;
}

export interface CostEstimate extends CostResult {
  /** Fields whose `requireOneSlicingArgument` did not hold for these variables. */
  readonly slicingViolations: readonly SlicingViolation[];
}

export interface CompiledCost {
  readonly operationType: OperationTypeNode;
  /** The estimated (static) cost for a request's variables: reads only the variables. */
  estimate(variables?: Variables): CostEstimate;
  /** The actual cost, from the response's `data` (list sizes as returned). */
  actual(data: unknown, variables?: Variables): CostResult;
}

interface SizedContext {
  readonly fields: ReadonlySet<string>;
  readonly sizes: readonly SizeSource[];
}

const IN_PROGRESS = Symbol('in progress');

function listDepth(type: GraphQLOutputType): number {
  if (isNonNullType(type)) return listDepth(type.ofType);
  return isListType(type) ? 1 + listDepth(type.ofType) : 0;
}

class Compiler {
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

  #arguments(node: FieldNode, parent: FieldParent, definition: GraphQLField<unknown, unknown>) {
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

function toResult(operation: CompiledOperation, vector: CostVector): CostResult {
  return {
    cost: vector[0] ?? 0,
    bySubgraph: new Map(operation.subgraphs.map((subgraph, index) => [subgraph, vector[index + 1] ?? 0])),
  };
}

export class CostModel {
  readonly #weights: CostWeights;
  readonly #inputs: InputPositions;
  readonly #options: Required<CostModelOptions>;

  constructor(input: {
    readonly schema: GraphQLSchema;
    readonly metadata: CostMetadata;
    readonly options: CostModelOptions;
    /** Which subgraphs resolve a field; without it, estimates have no per-subgraph part. */
    readonly fieldOwner?: FieldOwner;
  }) {
    this.#weights = new CostWeights(input.schema, input.metadata, input.fieldOwner);
    this.#inputs = new InputPositions(this.#weights);
    this.#options = { formula: 'apollo', ...input.options };
  }

  /** `undefined` when the document has no such operation or the schema no root type for it. */
  compile(document: DocumentNode, operationName?: string | null): CompiledCost | undefined {
    const operations = document.definitions.filter(
      (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
    );
    const operation =
      operationName == null
        ? operations.length === 1
          ? operations[0]
          : undefined
        : operations.find((each) => each.name?.value === operationName);
    if (operation === undefined) return undefined;
    const rootType = this.#weights.schema.getRootType(operation.operation);
    if (rootType == null) return undefined;
    const compiler = new Compiler(this.#weights, this.#inputs, document);
    const root = compiler.selection(operation.selectionSet, rootType, [rootType], undefined);
    const compiled: CompiledOperation = {
      operationType: operation.operation,
      formula: this.#options.formula,
      defaultListSize: this.#options.defaultListSize,
      base: operationBase(this.#options.formula, operation.operation),
      root,
      subgraphs: compiler.subgraphs,
      variableDefaults: variableDefaults(operation.variableDefinitions ?? []),
    };
    return {
      operationType: compiled.operationType,
      estimate(variables = {}) {
        const estimation = new Estimation(compiled, variables);
        return {
          ...toResult(compiled, estimation.total()),
          slicingViolations: [...estimation.violations.values()],
        };
      },
      actual(data, variables = {}) {
        return toResult(compiled, new ActualCost(compiled, variables).total(data));
      },
    };
  }
}

/** One-shot form: `new CostModel({ schema, metadata, options, fieldOwner }).compile(document, operationName)`. */
export function compileCost(input: {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  readonly operationName?: string | null;
  readonly metadata: CostMetadata;
  readonly options: CostModelOptions;
  readonly fieldOwner?: FieldOwner;
}): CompiledCost | undefined {
  return new CostModel(input).compile(input.document, input.operationName);
}
