/**
 * `operations.executor: hub`: the gateway's executor with the hub's execution of query plans.
 *
 * The gateway's `executor` does, per request: build an `OperationContext` of the document, coerce the
 * variables, look the plan up in its plan cache (planning on a miss), call `experimental_didResolveQueryPlan`
 * (the pipeline's `plan` hooks), and `executeQueryPlan`, which builds federation-internals' `Operation` of the
 * document again, runs the plan and shapes the answer. This does the same steps, in the same order, with the
 * gateway's own planner, plan cache and data sources, but keeps what depends only on the document (operation
 * context, `Operation`, the plan-cache key, the compiled response shape) per document and schema, and runs the
 * plan with execute-plan.ts and response-shape.ts.
 *
 * It falls back to the gateway's own executor, whole, for what it does not cover: Studio trace capture
 * (`metrics.captureTraces`), the gateway's `debug` option, requests asking for the query plan
 * (`Apollo-Query-Plan-Experimental`, outside production), introspection fields in the
 * operation, and plans with nodes execute-plan.ts does not run (Defer, Subscription, data rewrites). The
 * gateway's internals it reads (`queryPlanStore`, `queryPlanner`, `schema`, `apiSchema`, `supergraphSchema`,
 * `serviceMap`) are those of the pinned @apollo/gateway 2.14; when one is missing it falls back as well.
 *
 * The gateway's OpenTelemetry spans (`gateway.request`, `gateway.plan`, …, on the global tracer) are not
 * emitted on this path: the hub's traces (hub/observability) do not use them.
 */
import { createHash } from 'node:crypto';
import {
  buildOperationContext,
  executeQueryPlan,
  type ApolloGateway,
  type GraphQLDataSource,
} from '@apollo/gateway';
import { operationFromDocument, type Schema } from '@apollo/federation-internals';
import type { QueryPlan, QueryPlanCache, QueryPlanner } from '@apollo/query-planner';
import type { GatewayExecutionResult, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type GraphQLSchema,
  type VariableDefinitionNode,
} from 'graphql';
import { getVariableValues } from 'graphql';
import { executePlan, isSupportedPlan, SupergraphFacts, type ServiceMap } from './execute-plan.js';
import { compileResponseShape, shapeResponse, type ResponseShape } from './response-shape.js';

type GatewayExecutor = ApolloGateway['executor'];
type OperationContext = ReturnType<typeof buildOperationContext>;

/** The gateway's internals this executor reads (private fields of @apollo/gateway 2.14's ApolloGateway). */
interface GatewayInternals {
  readonly schema?: GraphQLSchema;
  readonly apiSchema?: Schema;
  readonly supergraphSchema?: GraphQLSchema;
  readonly queryPlanner?: QueryPlanner;
  readonly queryPlanStore?: QueryPlanCache;
  readonly serviceMap?: Readonly<Record<string, { readonly dataSource: GraphQLDataSource }>>;
  readonly recursiveSelectionsLimitDisabled?: boolean;
  readonly nonLocalSelectionsLimitDisabled?: boolean;
  readonly experimental_didResolveQueryPlan?: (options: {
    readonly queryPlan: QueryPlan;
    readonly serviceMap: ServiceMap;
    readonly requestContext: GatewayGraphQLRequestContext;
    readonly operationContext: OperationContext;
  }) => void;
  readonly config?: { readonly debug?: boolean; readonly __exposeQueryPlanExperimental?: boolean };
}

/** What a document's operation needs on every request, for one schema. */
interface Prepared {
  readonly schema: GraphQLSchema;
  readonly planKey: string;
  readonly operationContext: OperationContext;
  readonly variableDefinitions: readonly VariableDefinitionNode[] | undefined;
  /**
   * The compiled shape of its answers, made on the first execution (after planning, which refuses what is too
   * large to plan); null when the gateway's execution must run this operation (introspection, …).
   */
  shape: ResponseShape | null | undefined;
}

/** As the gateway's `executeQueryPlan` builds it, then compiled; null when the gateway must shape it. */
function compileShape(entry: Prepared, apiSchema: Schema): ResponseShape | null {
  const { operationContext } = entry;
  try {
    const operation = operationFromDocument(
      apiSchema,
      {
        kind: Kind.DOCUMENT,
        definitions: [operationContext.operation, ...Object.values(operationContext.fragments)],
      },
      { validate: false },
    );
    return compileResponseShape(operation) ?? null;
  } catch {
    // The gateway's execution reports what is wrong with it, as it does.
    return null;
  }
}

/** Counts the requests answered by the hub's execution and by the gateway's (`atrium_hub_plan_executions_total`). */
export interface OwnExecutorStats {
  readonly own: { inc(): void };
  readonly fallback: { inc(): void };
}

const NOT_COUNTED: OwnExecutorStats = { own: { inc() {} }, fallback: { inc() {} } };

function planKeyOf(queryHash: string, operationName: string | null | undefined): string {
  return operationName
    ? createHash('sha256').update(queryHash).update(operationName).digest('hex')
    : queryHash;
}

/**
 * The gateway's executor, with the hub's execution of its plans. `gateway` is the gateway whose `load()`
 * returned `fallback` (its own executor).
 */
export function createOwnExecutor(
  gateway: ApolloGateway,
  fallback: GatewayExecutor,
  stats: OwnExecutorStats = NOT_COUNTED,
): GatewayExecutor {
  const internals = gateway as unknown as GatewayInternals;
  /** Per document (Apollo Server's parsed documents are cached by text), per operation name. */
  const prepared = new WeakMap<DocumentNode, Map<string, Prepared>>();
  /**
   * The data sources by subgraph name, as the gateway's executor copies them for every request. The gateway
   * updates its map in place when a supergraph adds a subgraph or moves one (`createServices`, just before it
   * installs the new schema), so the copy is made again for each schema.
   */
  let serviceMapOf:
    { source: GatewayInternals['serviceMap']; schema: GraphQLSchema; map: ServiceMap } | undefined;
  let supergraphFactsOf: { schema: GraphQLSchema; facts: SupergraphFacts } | undefined;

  const servicesOf = (
    source: NonNullable<GatewayInternals['serviceMap']>,
    schema: GraphQLSchema,
  ): ServiceMap => {
    if (serviceMapOf?.source !== source || serviceMapOf.schema !== schema) {
      const map = Object.create(null) as Record<string, GraphQLDataSource>;
      for (const [name, { dataSource }] of Object.entries(source)) map[name] = dataSource;
      serviceMapOf = { source, schema, map };
    }
    return serviceMapOf.map;
  };

  const supergraphFacts = (schema: GraphQLSchema): SupergraphFacts => {
    if (supergraphFactsOf?.schema !== schema)
      supergraphFactsOf = { schema, facts: new SupergraphFacts(schema) };
    return supergraphFactsOf.facts;
  };

  const prepare = (requestContext: GatewayGraphQLRequestContext, schema: GraphQLSchema): Prepared => {
    const { document, request, queryHash } = requestContext;
    const name = request.operationName ?? '';
    let byName = prepared.get(document);
    if (byName === undefined) {
      byName = new Map();
      prepared.set(document, byName);
    }
    const known = byName.get(name);
    if (known !== undefined && known.schema === schema) return known;
    const operationContext = buildOperationContext({
      schema,
      operationDocument: document,
      ...(request.operationName ? { operationName: request.operationName } : {}),
    });
    const entry: Prepared = {
      schema,
      planKey: planKeyOf(queryHash, request.operationName),
      operationContext,
      variableDefinitions: operationContext.operation.variableDefinitions,
      shape: undefined,
    };
    byName.set(name, entry);
    return entry;
  };

  return async (requestContext) => {
    const { schema, apiSchema, supergraphSchema, queryPlanner, queryPlanStore, serviceMap, config } =
      internals;
    if (
      schema === undefined ||
      apiSchema === undefined ||
      supergraphSchema === undefined ||
      queryPlanner === undefined ||
      queryPlanStore === undefined ||
      serviceMap === undefined ||
      config?.debug === true ||
      (config?.__exposeQueryPlanExperimental === true &&
        Boolean(requestContext.request.http?.headers.get('Apollo-Query-Plan-Experimental'))) ||
      requestContext.metrics?.captureTraces === true
    ) {
      stats.fallback.inc();
      return fallback(requestContext);
    }
    // buildOperationContext throws for an unknown operation name; so does the gateway's executor.
    let entry: Prepared;
    try {
      entry = prepare(requestContext, schema);
    } catch {
      stats.fallback.inc();
      return fallback(requestContext);
    }

    const { request } = requestContext;
    if (entry.variableDefinitions !== undefined && entry.variableDefinitions.length > 0) {
      const { errors } = getVariableValues(schema, entry.variableDefinitions, request.variables ?? {});
      if (errors) return { errors };
    }

    let queryPlan = await queryPlanStore.get(entry.planKey);
    if (!queryPlan) {
      const operation = operationFromDocument(apiSchema, requestContext.document, {
        ...(request.operationName ? { operationName: request.operationName } : {}),
      });
      queryPlan = queryPlanner.buildQueryPlan(operation, {
        recursiveSelectionsLimitDisabled: internals.recursiveSelectionsLimitDisabled ?? false,
        nonLocalSelectionsLimitDisabled: internals.nonLocalSelectionsLimitDisabled ?? false,
      });
      try {
        await queryPlanStore.set(entry.planKey, queryPlan);
      } catch (error) {
        requestContext.logger.warn(`Could not store queryPlan${(error as Error)?.message ?? String(error)}`);
      }
    }

    const services = servicesOf(serviceMap, schema);
    internals.experimental_didResolveQueryPlan?.({
      queryPlan,
      serviceMap: services,
      requestContext,
      operationContext: entry.operationContext,
    });

    if (entry.shape === undefined) entry.shape = compileShape(entry, apiSchema);
    if (entry.shape === null || !isSupportedPlan(queryPlan)) {
      // The gateway's own execution of this plan (it is what its executor would call now).
      stats.fallback.inc();
      return executeQueryPlan(
        queryPlan,
        services,
        requestContext,
        entry.operationContext,
        supergraphSchema,
        apiSchema,
      );
    }
    stats.own.inc();
    return execute(requestContext, queryPlan, services, supergraphFacts(supergraphSchema), entry.shape);
  };
}

async function execute(
  requestContext: GatewayGraphQLRequestContext,
  queryPlan: QueryPlan,
  serviceMap: ServiceMap,
  supergraph: SupergraphFacts,
  shape: ResponseShape,
): Promise<GatewayExecutionResult> {
  const errors: GraphQLError[] = [];
  const variables = requestContext.request.variables;
  const unfiltered: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  await executePlan(
    {
      serviceMap,
      requestContext,
      supergraph,
      errors,
      conditionValue: (variable) => {
        let value =
          variables !== undefined && Object.prototype.hasOwnProperty.call(variables, variable)
            ? (variables[variable] as unknown)
            : undefined;
        if (value === undefined) value = shape.defaultedVariables[variable];
        if (typeof value !== 'boolean') {
          throw new Error(`Invalid non-boolean value ${String(value)} for Boolean! variable $${variable}`);
        }
        return value;
      },
    },
    queryPlan,
    unfiltered,
  );

  let shaped: ReturnType<typeof shapeResponse>;
  try {
    shaped = shapeResponse(shape, variables, unfiltered);
  } catch (error) {
    if (error instanceof GraphQLError) return { errors: [error] };
    if (error instanceof Error)
      return { errors: [new GraphQLError(error.message, { originalError: error })] };
    requestContext.logger.error(`Unexpected error during query plan execution: ${String(error)}`);
    return { errors: [new GraphQLError('Unexpected error during query plan execution')] };
  }
  // As the gateway: value-completion errors are reported as `extensions.valueCompletion` when the plan's
  // execution had no errors, and dropped otherwise (they are then consequences of those).
  if (errors.length === 0 && shaped.errors.length > 0) {
    return { extensions: { valueCompletion: shaped.errors }, data: shaped.data };
  }
  return errors.length === 0 ? { data: shaped.data } : { errors, data: shaped.data };
}

type Gateway = Pick<ApolloGateway, 'load' | 'onSchemaLoadOrUpdate' | 'stop'>;

/** The gateway as Apollo Server sees it, its plans executed by the hub (`operations.executor: hub`). */
export function withOwnExecutor(gateway: ApolloGateway, stats?: OwnExecutorStats): Gateway {
  return {
    async load(options) {
      const loaded = await gateway.load(options);
      return { ...loaded, executor: createOwnExecutor(gateway, loaded.executor, stats) };
    },
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
  };
}
