/**
 * `cost`: demand control (see README.md). Phase `operation`, after `field-authz` (the cost of what will run):
 * one `CostModel` per supergraph (built when the gateway loads it, with the supergraph's `@cost` / `@listSize`
 * and field owners), one compiled cost per document and operation name; per request, an estimate from the
 * variables and a comparison. The estimate is published as the `OPERATION_COST` request fact. A per-subgraph
 * maximum refuses the whole operation (not only that subgraph's fetches): a refused operation never reaches a
 * subgraph, and a client never mistakes skipped fetches for real nulls.
 */
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { HubError } from '../contract/hub-error.js';
import { definePolicy, type PolicyHooks, type PolicyInstance } from '../contract/policy.js';
import type { PolicyDeps } from '../contract/policy-deps.js';
import { OPERATION_COST } from '../contract/request-facts.js';
import { requestSlot } from '../contract/request-state.js';
import type { PolicySupergraph } from '../contract/supergraph-view.js';
import { checkCost, type CostBreach } from './check-cost.js';
import { CostModel, type CompiledCost } from './compile-cost.js';
import { COST_DIRECTIVES, costMetadata } from './cost-directives.js';
import type { Variables } from './cost-metadata.js';
import { CostErrors } from './errors.js';
import { costOptions, type CostOptions } from './options.js';

export type { CostOptions, CostOptionsInput } from './options.js';
export { CostErrors } from './errors.js';

export const COST_HEADERS = Object.freeze({
  estimated: 'x-atrium-cost-estimated',
  actual: 'x-atrium-cost-actual',
  max: 'x-atrium-cost-max',
});

/** What the response hook needs of the operation's estimate. */
interface Estimated {
  readonly compiled: CompiledCost;
  readonly estimated: number;
  readonly variables: Variables;
}

const ESTIMATED = requestSlot<Estimated>('the compiled cost and estimate of the operation');

function refusal(breach: CostBreach): HubError {
  switch (breach.code) {
    case 'COST_LIMIT_EXCEEDED':
      return CostErrors.COST_LIMIT_EXCEEDED.create({
        limit: 'maxCost',
        max: breach.max,
        actual: breach.actual,
      });
    case 'SUBGRAPH_COST_LIMIT_EXCEEDED':
      return CostErrors.SUBGRAPH_COST_LIMIT_EXCEEDED.create({
        limit: 'maxCost',
        subgraph: breach.subgraph,
        max: breach.max,
        actual: breach.actual,
      });
    case 'ONE_SLICING_ARGUMENT_REQUIRED':
      return CostErrors.ONE_SLICING_ARGUMENT_REQUIRED.create({
        coordinate: breach.coordinate,
        slicingArguments: breach.slicingArguments,
        provided: breach.provided,
      });
  }
}

/** Every breach has the policy's mode: `measure` logs them all, `enforce` refuses with the first. */
function handle(logger: Logger, breaches: readonly CostBreach[], context: Record<string, unknown>): void {
  const [first] = breaches;
  if (first === undefined) return;
  if (first.mode === 'measure') {
    for (const { mode: _mode, ...breach } of breaches) {
      logger.warn({ ...context, ...breach }, 'operation cost over the limit (measure mode)');
    }
    return;
  }
  const { mode: _mode, ...details } = first;
  logger.info({ ...context, ...details }, 'operation refused: cost over the limit');
  throw refusal(first);
}

export function createCost(
  options: CostOptions,
  deps: PolicyDeps,
): PolicyInstance & Required<Pick<PolicyHooks, 'operation'>> {
  const { logger, facts } = deps;
  const models = new WeakMap<GraphQLSchema, CostModel>();
  const compiled = new WeakMap<DocumentNode, Map<string | null, CompiledCost | undefined>>();
  const modelOptions = { defaultListSize: options.defaultListSize, formula: options.formula };
  const build = (schema: GraphQLSchema, supergraph: PolicySupergraph | undefined): CostModel => {
    const model = new CostModel({
      schema,
      metadata: costMetadata(supergraph?.directives ?? { get: () => new Map() }),
      options: modelOptions,
      ...(supergraph && { fieldOwner: (coordinate: string) => supergraph.fieldOwner(coordinate) }),
    });
    models.set(schema, model);
    return model;
  };
  deps.supergraph.onLoad(({ schema, supergraph }) => build(schema, supergraph));
  const modelFor = (schema: GraphQLSchema): CostModel =>
    models.get(schema) ?? build(schema, deps.supergraph.supergraphForSchema(schema));
  const compile = (schema: GraphQLSchema, document: DocumentNode, operationName: string | null) => {
    let byName = compiled.get(document);
    if (byName === undefined) {
      byName = new Map();
      compiled.set(document, byName);
    }
    if (!byName.has(operationName))
      byName.set(operationName, modelFor(schema).compile(document, operationName));
    return byName.get(operationName);
  };
  const exposing = options.expose.extensions || options.expose.headers;

  // Requests that shared one execution (the hub's in-flight deduplication) share its `data` object: its actual
  // cost, for the same compiled operation and variables, is walked once.
  const actualByData = new WeakMap<object, { compiled: CompiledCost; variables: string; cost: number }>();
  const actualOf = (compiled: CompiledCost, data: unknown, variables: Variables) => {
    if (data === null || typeof data !== 'object') return compiled.actual(data, variables).cost;
    const key = JSON.stringify(variables);
    const known = actualByData.get(data);
    if (known !== undefined && known.compiled === compiled && known.variables === key) return known.cost;
    const cost = compiled.actual(data, variables).cost;
    actualByData.set(data, { compiled, variables: key, cost });
    return cost;
  };

  // `off` computes nothing (and publishes no cost).
  if (options.mode === 'off') return { operation: () => undefined };
  return {
    operation: ({ schema, document, operationName, request, contextValue }) => {
      const cost = compile(schema, document, operationName);
      if (cost === undefined) return;
      const variables = request.variables ?? {};
      const estimate = cost.estimate(variables);
      facts.publish(contextValue.state, OPERATION_COST, {
        estimated: estimate.cost,
        bySubgraph: estimate.bySubgraph,
        max: options.maxCost,
        actual: (data: unknown) => actualOf(cost, data, variables),
      });
      if (exposing)
        contextValue.state.set(ESTIMATED, { compiled: cost, estimated: estimate.cost, variables });
      handle(logger, checkCost(estimate, options), {
        requestId: contextValue.state.requestId,
        operationName,
        estimated: estimate.cost,
      });
    },
    ...(exposing && {
      response: ({ contextValue, response }) => {
        const estimate = contextValue.state.get(ESTIMATED);
        if (estimate === undefined || response.body.kind !== 'single') return;
        const result = response.body.singleResult;
        const actual = actualOf(estimate.compiled, result.data, estimate.variables);
        if (options.expose.extensions) {
          result.extensions = {
            ...result.extensions,
            cost: { estimated: estimate.estimated, actual, max: options.maxCost },
          };
        }
        if (options.expose.headers) {
          response.http.headers.set(COST_HEADERS.estimated, String(estimate.estimated));
          response.http.headers.set(COST_HEADERS.actual, String(actual));
          response.http.headers.set(COST_HEADERS.max, String(options.maxCost));
        }
      },
    }),
  };
}

export const costPolicy = definePolicy({
  name: 'cost',
  phase: 'operation',
  enabledByDefault: true,
  options: costOptions,
  config: { key: 'cost' },
  directives: COST_DIRECTIVES,
  errors: CostErrors,
  publishes: [OPERATION_COST],
  create: createCost,
});
