/**
 * The hub's Prometheus metrics (prom-client), in a registry of the hub's own (never prom-client's global one:
 * two hubs in one process keep their numbers apart). Every metric, its labels and where each label value comes
 * from are listed in docs/metrics.md; a label value is always one of a closed set (an operation type, a status,
 * a subgraph of the supergraph, a policy's name, an error code of the catalogue), or an operation name that the
 * `OperationNameLabels` allow.
 *
 * The per-request metrics (requests, their durations, subgraph fetches, cache lookups) are `bound-series.ts`
 * series, looked up by their label values in a map: a request costs a lookup and a few additions, not
 * prom-client's label hashing and validation at every increment. The rest are prom-client's.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { PolicyEvent, PolicyEvents } from '../../policies/contract/policy-events.js';
import { registerProcessMetrics } from '../../lib/process-metrics.js';
import { BoundCounter, BoundHistogram, type CounterSeries, type HistogramSeries } from './bound-series.js';

/** Seconds: from 1 ms to 10 s, the range of a GraphQL request through a gateway. */
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const FETCH_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * How a request ended: `success` (no error in the response), `error` (errors in the response: invalid
 * documents, subgraph failures, partial data) or `refused` (a policy or the hub's own guards refused it).
 */
export type RequestOutcome = 'success' | 'error' | 'refused';

/** Why a subgraph fetch failed, when it did. */
export type FetchFailure = 'timeout' | 'unreachable' | 'http_error' | 'too_large';

export interface EndedRequest {
  /** `query`, `mutation`, `subscription`, or `unknown` when the document did not parse or validate. */
  readonly operationType: string;
  /** Already bounded by `OperationNameLabels`. */
  readonly operationName: string;
  readonly outcome: RequestOutcome;
  readonly status: number;
  readonly seconds: number;
  /** The policy that refused it (or `hub`), with its code. */
  readonly refusedBy?: { readonly policy: string; readonly code: string } | undefined;
}

/** Operations run by the hub's executor (`own`) and by the gateway's for what it does not cover (`fallback`). */
export interface OwnExecutorCounts {
  readonly own: CounterSeries;
  readonly fallback: CounterSeries;
}

interface RequestChildren {
  readonly count: CounterSeries;
  readonly duration: HistogramSeries;
}

export class HubMetrics implements PolicyEvents {
  readonly registry = new Registry();
  readonly #requests: BoundCounter<'operation_type' | 'operation_name' | 'outcome' | 'status'>;
  readonly #requestDuration: BoundHistogram<'operation_type' | 'outcome'>;
  #inFlight = 0;
  readonly #fetchDuration: BoundHistogram<'subgraph' | 'status'>;
  readonly #fetchErrors: Counter<'subgraph' | 'reason'>;
  readonly #refusals: Counter<'policy' | 'code'>;
  readonly #authFailures: Counter<'reason'>;
  readonly #fieldAuthzDenials: Counter;
  readonly #deniedFields: Counter;
  readonly #limitRefusals: Counter<'limit' | 'enforced'>;
  readonly #quotaRefusals: Counter<'quota' | 'enforced'>;
  readonly #quotaFailOpen: Counter;
  readonly #persistedMisses: Counter<'reason'>;
  readonly #usageBatches: Counter<'result'>;
  readonly #cacheLookups: BoundCounter<'cache' | 'result'>;
  readonly #planExecutions: BoundCounter<'executor'>;
  readonly #supergraphInfo: Gauge<'hash'>;
  readonly #supergraphLoadedAt: Gauge;
  readonly #requestChildren = new Map<string, RequestChildren>();
  readonly #fetchChildren = new Map<string, HistogramSeries>();
  readonly #cacheChildren = new Map<string, { readonly hit: CounterSeries; readonly miss: CounterSeries }>();
  #loadedAtSeconds: number | null = null;

  constructor() {
    const registers = [this.registry];
    registerProcessMetrics(this.registry);
    this.#requests = new BoundCounter(
      'atrium_hub_requests_total',
      'GraphQL requests by operation type, operation name (registered or allowed names only), outcome and HTTP status.',
      ['operation_type', 'operation_name', 'outcome', 'status'],
    );
    this.#requestDuration = new BoundHistogram(
      'atrium_hub_request_duration_seconds',
      'Whole GraphQL requests, from arrival to the last byte of the response.',
      ['operation_type', 'outcome'],
      REQUEST_BUCKETS,
    );
    const inFlight = (): number => this.#inFlight;
    new Gauge({
      name: 'atrium_hub_requests_in_flight',
      help: 'GraphQL requests received and not yet answered.',
      registers,
      collect() {
        this.set(inFlight());
      },
    });
    this.#fetchDuration = new BoundHistogram(
      'atrium_hub_subgraph_fetch_duration_seconds',
      'Requests from the hub to a subgraph, by subgraph and HTTP status (0: no answer).',
      ['subgraph', 'status'],
      FETCH_BUCKETS,
    );
    this.#fetchErrors = new Counter({
      name: 'atrium_hub_subgraph_fetch_errors_total',
      help: 'Failed subgraph fetches by subgraph and reason (timeout, unreachable, http_error, too_large).',
      labelNames: ['subgraph', 'reason'],
      registers,
    });
    this.#refusals = new Counter({
      name: 'atrium_hub_policy_refusals_total',
      help: 'Requests refused, by the policy that refused them (hub: its own guards) and the error code.',
      labelNames: ['policy', 'code'],
      registers,
    });
    this.#authFailures = new Counter({
      name: 'atrium_hub_auth_failures_total',
      help: 'Bearer tokens the auth policy refused, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.#fieldAuthzDenials = new Counter({
      name: 'atrium_hub_field_authz_denials_total',
      help: 'Operations in which field-authz denied at least one field.',
      registers,
    });
    this.#deniedFields = new Counter({
      name: 'atrium_hub_field_authz_denied_fields_total',
      help: 'Fields field-authz denied, summed over operations.',
      registers,
    });
    this.#limitRefusals = new Counter({
      name: 'atrium_hub_limit_refusals_total',
      help: 'Operations over a limit of the limits policy, by limit; enforced="false" in measure mode.',
      labelNames: ['limit', 'enforced'],
      registers,
    });
    this.#quotaRefusals = new Counter({
      name: 'atrium_hub_quota_refusals_total',
      help: 'Operations over a client quota, by quota (rate, budget, store); enforced="false" in measure mode.',
      labelNames: ['quota', 'enforced'],
      registers,
    });
    this.#quotaFailOpen = new Counter({
      name: 'atrium_hub_quota_fail_open_total',
      help: 'Requests the quotas policy counted in this process only, its shared store being unreachable.',
      registers,
    });
    this.#persistedMisses = new Counter({
      name: 'atrium_hub_persisted_operation_misses_total',
      help: 'Requests naming an operation the persisted-operations policy does not know, or refused as unregistered.',
      labelNames: ['reason'],
      registers,
    });
    this.#usageBatches = new Counter({
      name: 'atrium_hub_usage_batches_total',
      help: 'Usage batches by what became of them: sent, retried, spooled (written to disk), dropped.',
      labelNames: ['result'],
      registers,
    });
    this.#cacheLookups = new BoundCounter(
      'atrium_hub_cache_lookups_total',
      'Lookups in the hub caches (plans, authz-decisions, verified-tokens) by result (hit, miss).',
      ['cache', 'result'],
    );
    this.#planExecutions = new BoundCounter(
      'atrium_hub_plan_executions_total',
      "Operations whose query plan ran, by executor: hub (the hub's own) or gateway (@apollo/gateway's, for what the hub's does not cover).",
      ['executor'],
    );
    this.#supergraphInfo = new Gauge({
      name: 'atrium_hub_supergraph_info',
      help: 'The supergraph being served (1), labelled with its hash.',
      labelNames: ['hash'],
      registers,
    });
    this.#supergraphLoadedAt = new Gauge({
      name: 'atrium_hub_supergraph_loaded_timestamp_seconds',
      help: 'When the supergraph being served was loaded (Unix time).',
      registers,
    });
    const loadedAt = (): number | null => this.#loadedAtSeconds;
    new Gauge({
      name: 'atrium_hub_supergraph_age_seconds',
      help: 'How long ago the supergraph being served was loaded.',
      registers,
      collect() {
        const at = loadedAt();
        if (at === null) this.reset();
        else this.set(Date.now() / 1_000 - at);
      },
    });
  }

  requestStarted(): void {
    this.#inFlight += 1;
  }

  requestEnded(request: EndedRequest): void {
    this.#inFlight -= 1;
    const { operationType, operationName, outcome, status } = request;
    const key = `${operationType}\u0000${operationName}\u0000${outcome}\u0000${status}`;
    let children = this.#requestChildren.get(key);
    if (children === undefined) {
      children = {
        count: this.#requests.bind({
          operation_type: operationType,
          operation_name: operationName,
          outcome,
          status: String(status),
        }),
        duration: this.#requestDuration.bind({ operation_type: operationType, outcome }),
      };
      this.#requestChildren.set(key, children);
    }
    children.count.inc();
    children.duration.observe(request.seconds);
    if (request.refusedBy !== undefined) this.#refusals.inc(request.refusedBy);
  }

  subgraphFetched(subgraph: string, status: number, seconds: number, failure?: FetchFailure): void {
    const key = `${subgraph}\u0000${status}`;
    let duration = this.#fetchChildren.get(key);
    if (duration === undefined) {
      duration = this.#fetchDuration.bind({ subgraph, status: String(status) });
      this.#fetchChildren.set(key, duration);
    }
    duration.observe(seconds);
    if (failure !== undefined) this.#fetchErrors.inc({ subgraph, reason: failure });
  }

  supergraphLoaded(hash: string, at: Date): void {
    this.#supergraphInfo.reset();
    this.#supergraphInfo.set({ hash }, 1);
    this.#loadedAtSeconds = at.getTime() / 1_000;
    this.#supergraphLoadedAt.set(this.#loadedAtSeconds);
  }

  /** `PolicyEvents`: what the policies report (policies/contract/policy-events.ts). */
  record(event: PolicyEvent): void {
    switch (event.kind) {
      case 'auth-failure':
        this.#authFailures.inc({ reason: event.reason });
        return;
      case 'field-authz-denial':
        this.#fieldAuthzDenials.inc();
        this.#deniedFields.inc(event.fields);
        return;
      case 'limit-refusal':
        this.#limitRefusals.inc({ limit: event.limit, enforced: String(event.enforced) });
        return;
      case 'quota-refusal':
        this.#quotaRefusals.inc({ quota: event.quota, enforced: String(event.enforced) });
        return;
      case 'quota-fail-open':
        this.#quotaFailOpen.inc();
        return;
      case 'persisted-operation-miss':
        this.#persistedMisses.inc({ reason: event.reason });
        return;
      case 'usage-batch':
        this.#usageBatches.inc({ result: event.result });
        return;
      case 'cache-lookup': {
        // Per request (verified tokens, plans): a cached child, not label hashing.
        let children = this.#cacheChildren.get(event.cache);
        if (children === undefined) {
          children = {
            hit: this.#cacheLookups.bind({ cache: event.cache, result: 'hit' }),
            miss: this.#cacheLookups.bind({ cache: event.cache, result: 'miss' }),
          };
          this.#cacheChildren.set(event.cache, children);
        }
        (event.hit ? children.hit : children.miss).inc();
        return;
      }
    }
  }

  /** The series the hub's executor counts its operations in (`operations.executor: hub`). */
  planExecutions(): OwnExecutorCounts {
    return {
      own: this.#planExecutions.bind({ executor: 'hub' }),
      fallback: this.#planExecutions.bind({ executor: 'gateway' }),
    };
  }

  /** The Prometheus text exposition of every metric. */
  async exposition(): Promise<string> {
    const bound = [
      this.#requests,
      this.#requestDuration,
      this.#fetchDuration,
      this.#cacheLookups,
      this.#planExecutions,
    ];
    return `${await this.registry.metrics()}\n${bound.map((metric) => metric.exposition()).join('\n\n')}\n`;
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
