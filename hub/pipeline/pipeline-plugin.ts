/**
 * The whole policy pipeline as ONE Apollo Server plugin. Apollo runs the hooks of every plugin for a phase
 * concurrently, so several plugins could not express "auth before authz"; here each phase awaits its policies
 * one after another, in table order. Phases with no policy add no hook at all.
 */
import type { ApolloServerPlugin, GraphQLRequestListener, HTTPGraphQLRequest } from '@apollo/server';
import type { Pipeline } from './assemble-pipeline.js';
import type { HubContext } from './hub-context.js';
import type { OperationGuard } from './operation-guard.js';
import { RequestState, type RequestArrival } from './request-state.js';

async function runInOrder<Input>(hooks: readonly ((input: Input) => void | Promise<void>)[], input: Input) {
  for (const hook of hooks) await hook(input);
}

export interface PipelinePluginOptions {
  /**
   * The hub's own checks of a resolved operation, in order, before the `operation` policies: the selection
   * budget (before anything walks the operation), `introspection: off`.
   */
  readonly guards?: readonly OperationGuard[];
}

export function createPipelinePlugin(
  pipeline: Pipeline,
  { guards = [] }: PipelinePluginOptions = {},
): ApolloServerPlugin<HubContext> {
  const listener: GraphQLRequestListener<HubContext> = {};
  if (guards.length > 0) {
    listener.didResolveOperation = async (requestContext) => {
      for (const guard of guards) guard(requestContext);
      await runInOrder(pipeline.operation, requestContext);
    };
  } else if (pipeline.operation.length > 0) {
    listener.didResolveOperation = (requestContext) => runInOrder(pipeline.operation, requestContext);
  }
  if (pipeline.response.length > 0) {
    listener.willSendResponse = (requestContext) => runInOrder(pipeline.response, requestContext);
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

export type ContextBuilder = (http: HTTPGraphQLRequest, arrival: RequestArrival) => Promise<HubContext>;

/**
 * Builds a request's context: a fresh `HubContext` with the request's one `RequestState`, then the `context`
 * phase in table order.
 */
export function createContextBuilder(pipeline: Pipeline): ContextBuilder {
  const hooks = pipeline.context;
  if (hooks.length === 0) return (_http, arrival) => Promise.resolve({ state: new RequestState(arrival) });
  return async (http, arrival) => {
    const context: HubContext = { state: new RequestState(arrival) };
    await runInOrder(hooks, { context, http });
    return context;
  };
}
