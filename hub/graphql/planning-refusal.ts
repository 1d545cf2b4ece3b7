/**
 * What the query planner refuses is the client's operation, not a hub failure: a 400 OPERATION_NOT_PLANNABLE
 * with a reason, instead of the 500 Apollo Server makes of anything the gateway's executor throws.
 *
 * The planner says so only in its messages (plain `Error`s), so they are matched here, in one place; a test
 * drives the real planner to each of them, so a change of wording in an upgrade fails that test. Federation's
 * own validation of the operation throws `INVALID_GRAPHQL` errors, also the client's doing. Anything else the
 * executor throws stays an internal error.
 */
import type { ApolloGateway } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { HubErrors, type HubError } from '../errors.js';
import type { HubContext } from '../../policies/contract/hub-context.js';

const PLANNER_REFUSALS: readonly { readonly message: RegExp; readonly reason: string }[] = [
  { message: /^Exceeded maximum recursive selections/, reason: 'it expands to too many selections' },
  {
    message: /^Number of non-local selections exceeds limit/,
    reason: 'it needs too many selections across subgraphs',
  },
];

export function planningRefusal(error: unknown): HubError | undefined {
  if (error instanceof GraphQLError && error.extensions['code'] === 'INVALID_GRAPHQL') {
    return HubErrors.OPERATION_NOT_PLANNABLE.create({ reason: error.message });
  }
  if (error instanceof RangeError && error.message.startsWith('Maximum call stack size exceeded')) {
    return HubErrors.OPERATION_NOT_PLANNABLE.create({ reason: 'it is nested too deeply' });
  }
  if (!(error instanceof Error)) return undefined;
  const refusal = PLANNER_REFUSALS.find(({ message }) => message.test(error.message));
  return refusal === undefined
    ? undefined
    : HubErrors.OPERATION_NOT_PLANNABLE.create({ reason: refusal.reason });
}

type Gateway = Pick<ApolloGateway, 'load' | 'onSchemaLoadOrUpdate' | 'stop'>;

/** The gateway as Apollo Server sees it: the same, but its executor's planning refusals become 400s. */
export function withPlanningRefusals(gateway: Gateway, logger: Logger): Gateway {
  return {
    async load(options) {
      const loaded = await gateway.load(options);
      const { executor } = loaded;
      return {
        ...loaded,
        executor: async (requestContext) => {
          try {
            return await executor(requestContext);
          } catch (error) {
            const refusal = planningRefusal(error);
            if (refusal === undefined) throw error;
            const { state } = requestContext.context as Partial<HubContext>;
            logger.info(
              {
                requestId: state?.requestId ?? null,
                reason: refusal.details['reason'],
                err: (error as Error).message,
              },
              'operation refused by the query planner',
            );
            throw refusal;
          }
        },
      };
    },
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
  };
}
