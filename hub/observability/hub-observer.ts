/**
 * Where the hub's metrics and traces meet the request path. One `RequestObservation` per GraphQL request,
 * begun by the HTTP layer when the request arrives (in-flight gauge, the request span) and ended when the
 * response is over (the request counters and histogram, the span's status). In between:
 * - `observePipeline` adds a last `response` hook recording the operation and the errors, and with tracing
 *   wraps each policy phase in a span;
 * - with tracing, an Apollo plugin times parsing, validation and query planning;
 * - the data sources report each subgraph fetch (`SubgraphFetchObserver`) and send `traceparent`.
 *
 * Nothing here runs when metrics and tracing are both off: the hub then has no observer at all.
 */
import { SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import type {
  ApolloServerPlugin,
  GraphQLRequestContextWillSendResponse,
  GraphQLRequestListener,
} from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HubContext } from '../../policies/contract/hub-context.js';
import { REFUSAL } from '../../policies/contract/refusal.js';
import {
  requestSlot,
  type RequestArrival,
  type RequestState,
} from '../../policies/contract/request-state.js';
import type { Pipeline } from '../pipeline/assemble-pipeline.js';
import { runInOrder } from '../pipeline/run-in-order.js';
import type { FetchFailure, HubMetrics, OwnExecutorCounts, RequestOutcome } from './hub-metrics.js';
import type { HubTracing } from './hub-tracing.js';
import type { OperationNameLabels } from './operation-name-labels.js';

const OBSERVATION = requestSlot<RequestObservation>('the metrics and traces of the request');
const MAX_ATTRIBUTE_LENGTH = 256;

export interface HubObserverOptions {
  readonly metrics?: HubMetrics | undefined;
  readonly tracing?: HubTracing | undefined;
  readonly operationNames: OperationNameLabels;
  /** Whether the connection's peer is one of `server.trustedProxies` (a `traceparent` from it may be trusted). */
  readonly trustedPeer: (req: IncomingMessage) => boolean;
}

/** What a subgraph data source reports of each fetch (hub/datasource/observed-fetch.ts). */
export interface SubgraphFetchObserver {
  /**
   * A fetch of a client request is about to be sent: the `traceparent` to send with it (when traced), and
   * the handle that ends its span.
   */
  start(subgraph: string, state: RequestState | undefined): FetchSpan | undefined;
  /** The fetch is over (`status` 0: no answer). */
  fetched(subgraph: string, status: number, seconds: number, failure?: FetchFailure): void;
}

export interface FetchSpan {
  readonly traceparent: string | undefined;
  end(status: number, failure?: FetchFailure): void;
}

/** The last `response` hook: what the request's metrics and span say of its operation and errors. */
function recordResponse({
  contextValue,
  response,
  errors,
  operation,
  operationName,
  request,
}: GraphQLRequestContextWillSendResponse<HubContext>): void {
  const observation = contextValue.state.get(OBSERVATION);
  if (observation === undefined) return;
  observation.operationType = operation?.operation;
  observation.operationName = operationName ?? request.operationName;
  const body = response.body;
  observation.errorCount =
    body.kind === 'single' ? (body.singleResult.errors?.length ?? 0) : (errors?.length ?? 0);
}

class RequestObservation {
  operationType: string | undefined;
  operationName: string | null | undefined;
  errorCount = 0;
  state: RequestState | undefined;
  plan: Span | undefined;
  ended = false;

  constructor(
    readonly receivedAt: bigint,
    readonly span: Span | undefined,
  ) {}
}

/** An arrival with its observation (no WeakMap per request: its entries cost every garbage collection). */
class ObservedArrival implements RequestArrival {
  readonly requestId: string;
  readonly receivedAt: bigint;
  readonly remoteAddress: string | undefined;

  constructor(
    arrival: RequestArrival,
    readonly traceId: string | undefined,
    readonly observation: RequestObservation,
  ) {
    this.requestId = arrival.requestId;
    this.receivedAt = arrival.receivedAt;
    this.remoteAddress = arrival.remoteAddress;
  }
}

export class HubObserver implements SubgraphFetchObserver {
  readonly #metrics: HubMetrics | undefined;
  readonly #tracing: HubTracing | undefined;
  readonly #names: OperationNameLabels;
  readonly #trustedPeer: (req: IncomingMessage) => boolean;

  constructor(options: HubObserverOptions) {
    this.#metrics = options.metrics;
    this.#tracing = options.tracing;
    this.#names = options.operationNames;
    this.#trustedPeer = options.trustedPeer;
  }

  /** Where the hub's executor counts the operations it and the gateway's ran; undefined without metrics. */
  planExecutions(): OwnExecutorCounts | undefined {
    return this.#metrics?.planExecutions();
  }

  get tracing(): boolean {
    return this.#tracing !== undefined;
  }

  /** A GraphQL request arrived: returns its arrival with the trace id, and ends the observation with `res`. */
  begin(req: IncomingMessage, res: ServerResponse, arrival: RequestArrival): RequestArrival {
    this.#metrics?.requestStarted();
    const span = this.#tracing?.startRequest(req.headers, this.#trustedPeer(req), {
      'http.request.method': req.method ?? 'GET',
      'atrium.request_id': arrival.requestId,
    });
    const observation = new RequestObservation(arrival.receivedAt, span);
    res.once('close', () => this.#end(observation, res.statusCode));
    return new ObservedArrival(arrival, span?.spanContext().traceId, observation);
  }

  /** The request's state is built: ties it to the observation begun for its arrival. */
  attach(arrival: RequestArrival, state: RequestState): void {
    if (!(arrival instanceof ObservedArrival)) return;
    arrival.observation.state = state;
    state.set(OBSERVATION, arrival.observation);
  }

  #end(observation: RequestObservation, status: number): void {
    if (observation.ended) return;
    observation.ended = true;
    const refusal = observation.state?.get(REFUSAL);
    const outcome: RequestOutcome =
      refusal !== undefined ? 'refused' : observation.errorCount > 0 || status >= 400 ? 'error' : 'success';
    const operationType = observation.operationType ?? 'unknown';
    this.#metrics?.requestEnded({
      operationType,
      // No operation resolved (refused before, or not a valid document): nothing to name.
      operationName:
        observation.operationType === undefined ? 'unknown' : this.#names.labelOf(observation.operationName),
      outcome,
      status,
      seconds: Number(process.hrtime.bigint() - observation.receivedAt) / 1e9,
      refusedBy: refusal && { policy: refusal.policy, code: refusal.code ?? 'UNKNOWN' },
    });
    const span = observation.span;
    if (span === undefined) return;
    observation.plan?.end();
    span.setAttributes({
      'http.response.status_code': status,
      'graphql.operation.type': operationType,
      'atrium.outcome': outcome,
      ...(observation.operationName && {
        'graphql.operation.name': observation.operationName.slice(0, MAX_ATTRIBUTE_LENGTH),
      }),
      ...(refusal && { 'atrium.refused_by': refusal.policy, 'atrium.refusal_code': refusal.code ?? '' }),
    });
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  }

  /**
   * With tracing, the Apollo Server plugin that times parsing, validation and planning as spans; undefined
   * without (an Apollo plugin costs promises at every hook of every request).
   */
  plugin(): ApolloServerPlugin<HubContext> | undefined {
    const tracing = this.#tracing;
    if (tracing === undefined) return undefined;
    const timed = (parent: Span, name: string) => {
      const span = tracing.startChild(name, parent);
      return (error?: unknown): Promise<void> => {
        if (error) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
        return Promise.resolve();
      };
    };
    const nothing: Promise<GraphQLRequestListener<HubContext>> = Promise.resolve({});
    return {
      requestDidStart: ({ contextValue }) => {
        const observation = contextValue.state.get(OBSERVATION);
        const parent = observation?.span;
        if (observation === undefined || parent === undefined) return nothing;
        return Promise.resolve({
          parsingDidStart: () => Promise.resolve(timed(parent, 'graphql.parse')),
          validationDidStart: () => Promise.resolve(timed(parent, 'graphql.validate')),
          executionDidStart: () => {
            observation.plan = tracing.startChild('graphql.plan', parent);
            return Promise.resolve();
          },
        });
      },
    };
  }

  /** The gateway knows the query plan (`experimental_didResolveQueryPlan`): the planning span ends. */
  planned(context: HubContext): void {
    const observation = context.state.get(OBSERVATION);
    const plan = observation?.plan;
    if (plan === undefined) return;
    plan.end();
    observation!.plan = undefined;
  }

  /**
   * The pipeline with the observer's own last `response` hook (the operation and the errors of the response,
   * synchronously: no hook of Apollo's of its own) and, with tracing, each policy phase in a span of its own
   * (`atrium.policies.<phase>`).
   */
  observePipeline(pipeline: Pipeline): Pipeline {
    const tracing = this.#tracing;
    const response = [...pipeline.response, recordResponse];
    if (tracing === undefined) return Object.freeze({ ...pipeline, response });
    function phase<Input>(
      name: string,
      hooks: readonly ((input: Input) => void | Promise<void>)[],
      stateOf: (input: Input) => RequestState,
    ): ((input: Input) => void | Promise<void>)[] {
      if (hooks.length === 0) return [];
      return [
        (input) => {
          const parent = stateOf(input).get(OBSERVATION)?.span;
          if (parent === undefined) return runInOrder(hooks, input);
          const span = tracing!.startChild(`atrium.policies.${name}`, parent, { 'atrium.phase': name });
          const fail = (error: unknown) => {
            span.setStatus({ code: SpanStatusCode.ERROR });
            const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
            if (typeof code === 'string') span.setAttribute('atrium.refusal_code', code);
            span.end();
            throw error;
          };
          try {
            const pending = runInOrder(hooks, input);
            if (pending === undefined) {
              span.end();
              return pending;
            }
            return pending.then(() => span.end(), fail);
          } catch (error) {
            return fail(error);
          }
        },
      ];
    }
    return Object.freeze({
      ...pipeline,
      context: phase('context', pipeline.context, (input) => input.context.state),
      request: phase('request', pipeline.request, (input) => input.contextValue.state),
      operation: phase('operation', pipeline.operation, (input) => input.contextValue.state),
      plan: phase('plan', pipeline.plan, (input) => input.context.state),
      response: phase('response', response, (input) => input.contextValue.state),
    });
  }

  start(subgraph: string, state: RequestState | undefined): FetchSpan | undefined {
    const tracing = this.#tracing;
    const parent = state?.get(OBSERVATION)?.span;
    if (tracing === undefined || parent === undefined) return undefined;
    const span = tracing.startChild(
      `subgraph ${subgraph}`,
      parent,
      { 'atrium.subgraph.name': subgraph },
      SpanKind.CLIENT,
    );
    return {
      traceparent: tracing.traceparentOf(span),
      end(status, failure) {
        span.setAttribute('http.response.status_code', status);
        if (failure !== undefined) {
          span.setAttribute('error.type', failure);
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
        span.end();
      },
    };
  }

  fetched(subgraph: string, status: number, seconds: number, failure?: FetchFailure): void {
    this.#metrics?.subgraphFetched(subgraph, status, seconds, failure);
  }
}
