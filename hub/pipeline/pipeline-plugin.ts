/**
 * The whole policy pipeline as ONE Apollo Server plugin. Apollo runs the hooks of every plugin for a phase
 * concurrently, so several plugins could not express "auth before authz"; here each phase awaits its policies
 * one after another, in table order. Phases with no policy add no hook at all. The `plan` and
 * `subgraph-request` phases are not Apollo Server's: the gateway runs them (`graphql/create-gateway.ts`).
 */
import type { ApolloServerPlugin, GraphQLRequestListener, HTTPGraphQLRequest } from '@apollo/server';
import type { HubContext } from '../../policies/contract/hub-context.js';
import { RequestState, type RequestArrival } from '../../policies/contract/request-state.js';
import { REFUSAL } from '../../policies/contract/refusal.js';
import { noteRefusal, type Pipeline } from './assemble-pipeline.js';
import type { OperationGuard } from './operation-guard.js';
import { runInOrder } from './run-in-order.js';

export interface PipelinePluginOptions {
  /**
   * The hub's own checks of a resolved operation, in order, before the `operation` policies: the selection
   * budget (before anything walks the operation), `introspection: off`.
   */
  readonly guards?: readonly OperationGuard[];
}

async function awaitInOrder<Input>(hooks: readonly ((input: Input) => void | Promise<void>)[], input: Input) {
  await runInOrder(hooks, input);
}

export function createPipelinePlugin(
  pipeline: Pipeline,
  { guards = [] }: PipelinePluginOptions = {},
): ApolloServerPlugin<HubContext> {
  const listener: GraphQLRequestListener<HubContext> = {};
  const { operation, response } = pipeline;
  if (guards.length > 0) {
    listener.didResolveOperation = async (requestContext) => {
      try {
        for (const guard of guards) guard(requestContext);
      } catch (error) {
        noteRefusal(requestContext.contextValue.state, 'hub', error);
        throw error;
      }
      await runInOrder(operation, requestContext);
    };
  } else if (operation.length > 0) {
    listener.didResolveOperation = (requestContext) => awaitInOrder(operation, requestContext);
  }
  if (response.length > 0) {
    listener.willSendResponse = (requestContext) => awaitInOrder(response, requestContext);
  }
  const { request } = pipeline;
  return {
    requestDidStart:
      request.length > 0
        ? async (requestContext) => {
            await runInOrder(request, requestContext);
            return listener;
          }
        : () => Promise.resolve(listener),
  };
}

export type ContextBuilder = (
  http: HTTPGraphQLRequest,
  arrival: RequestArrival | RequestState,
) => Promise<HubContext>;

/**
 * Builds a request's context: a fresh `HubContext` with the request's one `RequestState` (the one given, or a
 * new one for the arrival), then the `context` phase in table order. When a policy refuses there, the
 * response-phase policies' `contextRefusal` hooks learn of it (Apollo runs no response phase then).
 */
export function createContextBuilder(pipeline: Pipeline): ContextBuilder {
  const hooks = pipeline.context;
  const stateOf = (arrival: RequestArrival | RequestState) =>
    arrival instanceof RequestState ? arrival : new RequestState(arrival);
  if (hooks.length === 0) return (_http, arrival) => Promise.resolve({ state: stateOf(arrival) });
  const refused = pipeline.contextRefusal;
  return async (http, arrival) => {
    const context: HubContext = { state: stateOf(arrival) };
    try {
      await runInOrder(hooks, { context, http });
    } catch (error) {
      const refusal = context.state.get(REFUSAL);
      if (refusal !== undefined) {
        const input = { context, http, refusal, status: statusOf(error) };
        for (const hook of refused) hook(input);
      }
      throw error;
    }
    return context;
  };
}

/** The status Apollo answers an error thrown while the context is built with (500 without one). */
function statusOf(error: unknown): number {
  const status = (error as { extensions?: { http?: { status?: unknown } } } | null)?.extensions?.http?.status;
  return typeof status === 'number' ? status : 500;
}
