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
  Kind,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type OperationTypeNode,
} from 'graphql';
import { ActualCost } from './actual-cost.js';
import { Compiler } from './compile-operation.js';
import type { CostMetadata, FieldOwner, Variables } from './cost-metadata.js';
import { operationBase, type CostFormula } from './cost-formula.js';
import { CostWeights } from './cost-weights.js';
import { Estimation, type CompiledOperation, type CostVector } from './estimate-cost.js';
import { InputPositions, variableDefaults } from './input-cost.js';
import type { SlicingViolation } from './list-size.js';

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
