/**
 * `quotas`: per-client request rates and cost budgets (see README.md). Phase `operation`, after `cost`: it reads
 * the request's client record (`CLIENT_RECORD`, from `clients`) and the operation's estimated cost
 * (`OPERATION_COST`), then checks and charges both in one store call (one Redis round trip). A refusal is HTTP
 * 429 (`RATE_LIMITED`, `BUDGET_EXHAUSTED`) or 503 (`QUOTA_STORE_UNAVAILABLE`, a `failClosed` store that cannot
 * answer), thrown from `didResolveOperation` with its status and headers set, so Apollo never answers 500. In
 * the `response` phase the budget is settled with the actual cost (`settle: difference`).
 */
import type { Logger } from 'pino';
import type { BudgetLimit } from '../../lib/quota-limits.js';
import {
  definePolicy,
  type PolicyHooks,
  type PolicyInstance,
  type PolicyStatus,
} from '../contract/policy.js';
import type { PolicyDeps } from '../contract/policy-deps.js';
import {
  CLIENT_RECORD,
  OPERATION_COST,
  QUOTA_CONSUMPTION,
  type ClientRecordFact,
} from '../contract/request-facts.js';
import { requestSlot } from '../contract/request-state.js';
import { createQuotaStore } from './create-store.js';
import { QuotasErrors } from './errors.js';
import { quotasOptions, type QuotasOptions } from './options.js';
import { quotaHeaders, quotaRefusal, type QuotaRefusal } from './quota-response.js';
import type { ConsumeResult, QuotaSubject } from './quota-store.js';
import { RedisQuotaStore } from './redis-store.js';

export type { QuotasOptions, QuotasOptionsInput } from './options.js';
export { QuotasErrors } from './errors.js';

/** What the response phase needs to settle the budget. */
interface Settlement {
  readonly subject: QuotaSubject;
  readonly budget: BudgetLimit;
  readonly estimated: number;
  readonly actual: (data: unknown) => number;
}

const SETTLEMENT = requestSlot<Settlement>('the budget charge to settle after execution');

/** Store failures are logged at most this often (a Redis outage reports each reconnection attempt). */
const FAILURE_LOG_INTERVAL_MS = 10_000;

/** The `quota` label of a refusal (hub metrics): which quota, or the store when it could not answer. */
const QUOTA_OF_CODE = {
  RATE_LIMITED: 'rate',
  BUDGET_EXHAUSTED: 'budget',
  QUOTA_STORE_UNAVAILABLE: 'store',
} as const satisfies Record<QuotaRefusal['code'], string>;

function refusalError(refusal: QuotaRefusal) {
  const { code, extensions, headers } = refusal;
  if (code === 'QUOTA_STORE_UNAVAILABLE') {
    return QuotasErrors.QUOTA_STORE_UNAVAILABLE.create({
      retryAfterSeconds: Number(extensions['retryAfterSeconds']),
      headers,
    });
  }
  return QuotasErrors[code].create({
    policy: String(extensions['policy']),
    limit: Number(extensions['limit']),
    windowSeconds: Number(extensions['windowSeconds']),
    remaining: Number(extensions['remaining']),
    resetSeconds: Number(extensions['resetSeconds']),
    retryAfterSeconds:
      extensions['retryAfterSeconds'] === null ? null : Number(extensions['retryAfterSeconds']),
    headers,
  });
}

function logContext(client: ClientRecordFact, requestId: string): Record<string, unknown> {
  return {
    requestId,
    client: client.id,
    source: client.source,
    tier: client.tier,
    clientName: client.labels.name,
    clientVersion: client.labels.version,
  };
}

/** Whether the shared store answers, for `/ready` (degraded while it does not) and the logs. */
class StoreHealth {
  #failure: { readonly since: string; readonly reason: string } | null = null;
  /** Whether the current failure was logged (a failure between two log intervals is not, nor its end). */
  #logged = false;
  #lastLog = 0;

  constructor(
    private readonly logger: Logger,
    private readonly failureMode: 'failOpen' | 'failClosed',
  ) {}

  failed(reason: string, context: Record<string, unknown>): void {
    this.#failure ??= { since: new Date().toISOString(), reason };
    const now = Date.now();
    // At most one line per interval, also when the store flaps (a loaded hub's calls miss the deadline now
    // and then): the status says the rest.
    if (now - this.#lastLog >= FAILURE_LOG_INTERVAL_MS) {
      this.#lastLog = now;
      this.#logged = true;
      this.logger.warn({ ...context, reason, failure: this.failureMode }, 'quota store unavailable');
    }
  }

  answered(): void {
    if (this.#failure === null) return;
    if (this.#logged) this.logger.info({ since: this.#failure.since }, 'quota store reachable again');
    this.#failure = null;
    this.#logged = false;
  }

  status(): PolicyStatus {
    if (this.#failure === null) return { state: 'ready' };
    const doing =
      this.failureMode === 'failOpen'
        ? 'counting in this process (failOpen)'
        : 'refusing with 503 QUOTA_STORE_UNAVAILABLE (failClosed)';
    return {
      state: 'degraded',
      reason: `quota store unavailable since ${this.#failure.since} (${this.#failure.reason}): ${doing}`,
    };
  }
}

export function createQuotas(
  options: QuotasOptions,
  deps: PolicyDeps,
): PolicyInstance & Required<Pick<PolicyHooks, 'operation'>> {
  const { logger, facts } = deps;
  const health = new StoreHealth(logger, options.store.kind === 'redis' ? options.store.failure : 'failOpen');
  const store = createQuotaStore(options.store, {
    onError: (error, context) => health.failed(error.message, { ...context }),
  });
  const responseOptions = {
    names: { rate: options.headers.rateName, budget: options.headers.budgetName },
    onSuccess: options.headers.onSuccess,
  };
  const enforcing = options.mode === 'enforce';
  const settles = options.settle === 'difference';

  function noteOutcome(result: ConsumeResult): void {
    if (result.status === 'unavailable') health.failed(result.reason, { operation: 'consume' });
    else if (!result.degraded) health.answered();
    else deps.events.record({ kind: 'quota-fail-open' });
  }

  return {
    async start() {
      if (!(store instanceof RedisQuotaStore) || options.store.kind !== 'redis') return;
      // The hub serves while Redis is away (failOpen counts locally, failClosed answers 503): never block boot.
      if (!(await store.connect(options.store.connectTimeoutMs))) {
        health.failed('not connected at start', { operation: 'connection' });
      }
    },
    async stop() {
      await store.close(); // sends the settlements not yet sent
    },
    status: () => health.status(),
    operation: async ({ contextValue, response, operationName }) => {
      const { state } = contextValue;
      const client = facts.read(state, CLIENT_RECORD);
      if (client === undefined || (client.rate === undefined && client.budget === undefined)) return;
      const cost = facts.read(state, OPERATION_COST);
      const estimated = Math.max(0, Math.ceil(cost?.estimated ?? 0));
      const subject = { graph: client.graph, client: client.id };
      const result = await store.consume({
        subject,
        rate: client.rate ?? null,
        budget: client.budget ?? null,
        cost: estimated,
      });
      noteOutcome(result);
      // Where the client's quotas stand, for the usage report (the dashboard's consumption): the decision
      // itself, no copy. Published before a refusal is thrown, so refused requests report too.
      if (result.status !== 'unavailable') facts.publish(state, QUOTA_CONSUMPTION, result);
      if (result.status === 'allowed') {
        if (enforcing) {
          for (const [name, value] of Object.entries(quotaHeaders(result, responseOptions))) {
            response.http.headers.set(name, value);
          }
        }
        if (settles && client.budget !== undefined && cost?.actual !== undefined) {
          state.set(SETTLEMENT, { subject, budget: client.budget, estimated, actual: cost.actual });
        }
        return;
      }
      const refusal = quotaRefusal(result, responseOptions);
      if (refusal === null) return;
      deps.events.record({ kind: 'quota-refusal', quota: QUOTA_OF_CODE[refusal.code], enforced: enforcing });
      const context = {
        ...logContext(client, state.requestId),
        operationName,
        code: refusal.code,
        ...refusal.extensions,
      };
      if (!enforcing) {
        if (refusal.code !== 'QUOTA_STORE_UNAVAILABLE')
          logger.warn(context, 'over the client quota (measure mode)');
        return;
      }
      logger.info(context, 'operation refused: client quota');
      throw refusalError(refusal);
    },
    response: ({ contextValue, response }) => {
      const settlement = contextValue.state.get(SETTLEMENT);
      if (settlement === undefined || response.body.kind !== 'single') return;
      const actual = Math.max(0, Math.ceil(settlement.actual(response.body.singleResult.data)));
      const delta = actual - settlement.estimated;
      if (delta === 0) return;
      // No round trip of its own: the Redis store sends it with the client's next check (or within
      // settleFlushMs, or at stop()); the memory store adjusts at once.
      store.settle({ subject: settlement.subject, budget: settlement.budget, delta });
    },
  };
}

export const quotasPolicy = definePolicy({
  name: 'quotas',
  phase: 'operation',
  dependsOn: ['clients', 'cost'],
  options: quotasOptions,
  config: { key: 'quotas' },
  errors: QuotasErrors,
  reads: [CLIENT_RECORD, OPERATION_COST],
  publishes: [QUOTA_CONSUMPTION],
  create: createQuotas,
});
