/**
 * `limits`: operation limits, enforced before any subgraph is asked (see README.md).
 *
 * - `context` (before Apollo parses or validates anything): the document's tokens, counted without parsing
 *   (`maxTokens`), then the largest depth, height, aliases, directives and root fields of anything in it, so
 *   validation never runs over an overloaded document (300 unknown directives are one
 *   MAX_DIRECTIVES_EXCEEDED, not 100 validation errors). Measured once per query text (a bounded cache), so
 *   a request is a lookup and a comparison. Apollo answers 500 to errors thrown from its parsing and
 *   validation hooks, while a refusal here is a clean 400.
 * - `plan`: the query plan's subgraph fetches (counted once per plan): `maxSubgraphFetches`, also published
 *   as the `SUBGRAPH_FETCHES` request fact.
 */
import type { PolicyEvents } from '../contract/policy-events.js';
import type { Logger } from 'pino';
import { createBoundedCache } from '../../lib/bounded-cache.js';
import type { HubError } from '../contract/hub-error.js';
import { definePolicy, type PolicyHooks, type PolicyInstance } from '../contract/policy.js';
import type { PolicyDeps } from '../contract/policy-deps.js';
import { PERSISTED_OPERATION, SUBGRAPH_FETCHES } from '../contract/request-facts.js';
import { checkLimits, type LimitBreach, type LimitMeasures } from './check-limits.js';
import { PlanFetchCounts } from './count-fetches.js';
import { LimitsErrors } from './errors.js';
import { measureQuery } from './measure-query.js';
import { limitsOptions, type LimitsOptions } from './options.js';
import { queryTextOf } from './request-document.js';

export type { LimitsOptions, LimitsOptionsInput, LimitMode, LimitName } from './options.js';
export { LimitsErrors } from './errors.js';

/**
 * Query texts whose measures are kept (least recently used forgotten first), texts of at most 16 Ki characters:
 * the cache holds at most ~64 MB of keys. A longer text is measured again at each request, which costs at
 * most the enforced token limit's worth of reading (or the hub's parse limit).
 */
const MEASURED_DOCUMENTS = 2_000;
const CACHED_TEXT_AT_MOST = 16 * 1024;

function refusal(breach: LimitBreach): HubError {
  return LimitsErrors[breach.code].create({ limit: breach.limit, max: breach.max, actual: breach.actual });
}

interface BreachContext {
  readonly requestId: string;
  readonly operationName?: string | null | undefined;
}

/** Logs measured breaches, and throws the first enforced one (one error: the first limit in table order). */
function handle(
  logger: Logger,
  events: PolicyEvents,
  breaches: readonly LimitBreach[],
  context: BreachContext,
): void {
  if (breaches.length === 0) return;
  let enforced: LimitBreach | undefined;
  for (const breach of breaches) {
    const { limit, mode, max, actual } = breach;
    events.record({ kind: 'limit-refusal', limit, enforced: mode !== 'measure' });
    if (mode === 'measure')
      logger.warn({ ...context, limit, max, actual }, 'operation limit exceeded (measure mode)');
    else enforced ??= breach;
  }
  if (enforced === undefined) return;
  const { limit, max, actual } = enforced;
  logger.info({ ...context, limit, max, actual }, 'operation refused: limit exceeded');
  throw refusal(enforced);
}

export function createLimits(
  options: LimitsOptions,
  deps: PolicyDeps,
): PolicyInstance & Required<Pick<PolicyHooks, 'context'>> {
  const { logger, facts } = deps;
  const measured = createBoundedCache<string, LimitMeasures>(MEASURED_DOCUMENTS);
  const fetches = new PlanFetchCounts();
  const measuresOf = (query: string): LimitMeasures => {
    if (query.length > CACHED_TEXT_AT_MOST) return measureQuery(query, options);
    let measures = measured.get(query);
    if (measures === undefined) {
      measures = measureQuery(query, options);
      measured.set(query, measures);
    }
    return measures;
  };

  return {
    context: ({ context, http }) => {
      if (options.skipPersisted && facts.read(context.state, PERSISTED_OPERATION) !== undefined) return;
      const query = queryTextOf(http);
      if (query === undefined) return;
      const body = http.body as { operationName?: unknown } | undefined;
      const operationName = typeof body?.operationName === 'string' ? body.operationName : undefined;
      handle(logger, deps.events, checkLimits(measuresOf(query), options), {
        requestId: context.state.requestId,
        operationName,
      });
    },
    plan: ({ queryPlan, context, operationName }) => {
      const count = fetches.get(queryPlan);
      facts.publish(context.state, SUBGRAPH_FETCHES, count);
      const breaches = checkLimits({ subgraphFetches: count }, options);
      handle(logger, deps.events, breaches, { requestId: context.state.requestId, operationName });
    },
  };
}

export const limitsPolicy = definePolicy({
  name: 'limits',
  phase: 'context',
  enabledByDefault: true,
  options: limitsOptions,
  config: { key: 'limits' },
  errors: LimitsErrors,
  // After persisted-operations when it is on: a request by id is measured on its registered body, and
  // `skipPersisted` reads its fact.
  runsAfter: ['persisted-operations'],
  publishes: [SUBGRAPH_FETCHES],
  reads: [PERSISTED_OPERATION],
  create: createLimits,
});
