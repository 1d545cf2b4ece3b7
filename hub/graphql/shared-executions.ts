/**
 * Inbound in-flight deduplication: identical operations in flight at once share one execution by the gateway
 * (one query plan run, one set of subgraph fetches), when nothing that shapes the answer differs.
 *
 * Every request still goes through Apollo Server and the whole pipeline itself: authentication, persisted
 * operations, limits, authorization (which may filter the document), cost, quotas (charged per request) run
 * before the executor is called; usage and request logging record each request after it. Only the call to the
 * gateway's executor is shared, under a key of everything it depends on:
 *
 * - the document as it will be executed: `queryHash` names the text *after* field authorization filtered it
 *   (field-authz/gateway-document.ts), so callers whose denials differ never share;
 * - the operation name and the variables as sent;
 * - who the caller is: the principal (issuer, subject, client, scopes) and the `Authorization` header as sent,
 *   since subgraph-request hooks may forward identity (identity forwarding signs the principal; it may forward
 *   the header). Anonymous callers share with anonymous callers only.
 *
 * Queries only: a mutation (or subscription) is never shared. A waiter gets its own copy of the result's top
 * level (`data` is shared read-only: no hook changes it in place; `errors` and `extensions` are copied) and runs
 * the pipeline's `plan` hooks itself with the shared query plan, so facts published there (subgraph fetches)
 * and refusals are its own. A failure of the execution reaches every waiter. An entry lives only while its
 * execution runs: nothing is cached.
 */
import type { ApolloGateway } from '@apollo/gateway';
import type { QueryPlan } from '@apollo/query-planner';
import { OperationTypeNode } from 'graphql';
import type { HubContext } from '../../policies/contract/hub-context.js';
import type { PlanHookInput } from '../../policies/contract/policy.js';
import { requestSlot } from '../../policies/contract/request-state.js';
import { markSharedData } from './stringify-result.js';

/** The query plan the gateway executed for a request (written by create-gateway.ts when plan hooks exist). */
export const EXECUTED_PLAN = requestSlot<QueryPlan>('executed query plan');

type GatewayExecutor = Awaited<ReturnType<ApolloGateway['load']>>['executor'];
type GatewayGraphQLRequestContext = Parameters<GatewayExecutor>[0];
type ExecutionResult = Awaited<ReturnType<GatewayExecutor>>;

interface Execution {
  readonly result: Promise<ExecutionResult>;
  /** The leader's request state, whose EXECUTED_PLAN the waiters' plan hooks read. */
  readonly leader: HubContext;
}

export interface SharedExecutionsOptions {
  /** The pipeline's `plan` hooks, run for each waiter with the leader's plan. */
  readonly plan: readonly ((input: PlanHookInput) => void)[];
}

type Gateway = Pick<ApolloGateway, 'load' | 'onSchemaLoadOrUpdate' | 'stop'>;

/** The gateway as Apollo Server sees it, its executor's identical concurrent executions shared. */
export function withSharedExecutions(gateway: Gateway, shared: SharedExecutions): Gateway {
  return {
    async load(options) {
      const loaded = await gateway.load(options);
      return { ...loaded, executor: shared.wrap(loaded.executor) };
    },
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
  };
}

export interface SharedExecutions {
  wrap(executor: GatewayExecutor): GatewayExecutor;
  /** Executions answered by another request's, for tests and benchmarks. */
  readonly stats: () => { readonly shared: number; readonly inFlight: number };
}

/** Who the caller is, as far as the execution can tell. */
function callerKey(requestContext: GatewayGraphQLRequestContext): string {
  const context = requestContext.context as Partial<HubContext>;
  const principal = context.principal;
  const authorization = requestContext.request.http?.headers.get('authorization') ?? '';
  if (principal === undefined) return `-\u0000${authorization}`;
  const scopes = [...principal.scopes].sort().join(' ');
  return [principal.issuer, principal.subject, principal.clientId ?? '', scopes, authorization].join(
    '\u0000',
  );
}

/** The sharing key, or undefined when this request must run alone. */
export function executionKey(requestContext: GatewayGraphQLRequestContext): string | undefined {
  if (requestContext.operation.operation !== OperationTypeNode.QUERY) return undefined;
  if ((requestContext.context as Partial<HubContext>).state === undefined) return undefined;
  const variables = requestContext.request.variables;
  return [
    requestContext.queryHash,
    requestContext.operationName ?? '',
    variables === undefined ? '' : JSON.stringify(variables),
    callerKey(requestContext),
  ].join('\u0001');
}

function copyOf(result: ExecutionResult): ExecutionResult {
  return {
    ...result,
    ...(result.errors !== undefined && { errors: [...result.errors] }),
    ...(result.extensions !== undefined && { extensions: { ...result.extensions } }),
  };
}

export function createSharedExecutions({ plan }: SharedExecutionsOptions): SharedExecutions {
  const inFlight = new Map<string, Execution>();
  let shared = 0;

  const join = async (execution: Execution, requestContext: GatewayGraphQLRequestContext) => {
    const result = await execution.result;
    markSharedData(result.data);
    const queryPlan = execution.leader.state.get(EXECUTED_PLAN);
    if (queryPlan !== undefined && plan.length > 0) {
      const context = requestContext.context as HubContext;
      const input = { queryPlan, context, operationName: requestContext.operationName };
      for (const hook of plan) hook(input);
      context.state.set(EXECUTED_PLAN, queryPlan);
    }
    return copyOf(result);
  };

  return {
    wrap: (executor) => (requestContext) => {
      const key = executionKey(requestContext);
      if (key === undefined) return executor(requestContext);
      const running = inFlight.get(key);
      if (running !== undefined) {
        shared += 1;
        return join(running, requestContext);
      }
      const result = executor(requestContext);
      inFlight.set(key, { result, leader: requestContext.context as HubContext });
      const done = () => {
        inFlight.delete(key);
      };
      result.then(done, done);
      return result;
    },
    stats: () => ({ shared, inFlight: inFlight.size }),
  };
}
