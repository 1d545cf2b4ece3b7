/**
 * The registry's Prometheus metrics (prom-client, a registry of its own): API requests by route template (never
 * the raw URL: `/v1/graphs/:graph/variants/:variant/subgraphs/:name`, so graph and subgraph names are not label
 * values) and status, publish and check durations, composition failures, usage ingest. docs/metrics.md lists
 * them.
 */
import { Counter, Histogram, Registry } from 'prom-client';
import { registerProcessMetrics } from '../../lib/process-metrics.js';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Routes whose durations are publishes or checks (`METHOD route`). */
const PUBLISH_ROUTES = new Set([
  'POST /v1/graphs/:graph/variants/:variant/subgraphs/:name',
  'POST /v1/graphs/:graph/variants/:variant/subgraphs',
]);
const CHECK_ROUTES = new Set(['POST /v1/graphs/:graph/variants/:variant/checks']);

/** The label of requests that matched no route (404s, scans): one series, whatever the URL. */
export const UNMATCHED_ROUTE = 'unmatched';

export class RegistryMetrics {
  readonly registry = new Registry();
  readonly #requests: Counter<'method' | 'route' | 'status'>;
  readonly #duration: Histogram<'method' | 'route'>;
  readonly #publishes: Histogram<'status'>;
  readonly #checks: Histogram<'status'>;
  readonly #compositionFailures: Counter<'during'>;
  readonly #usageBatches: Counter<'result'>;
  readonly #usageEntries: Counter;

  constructor() {
    const registers = [this.registry];
    registerProcessMetrics(this.registry);
    this.#requests = new Counter({
      name: 'atrium_registry_http_requests_total',
      help: 'Registry API requests by method, route template and HTTP status.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.#duration = new Histogram({
      name: 'atrium_registry_http_request_duration_seconds',
      help: 'Registry API requests by method and route template.',
      labelNames: ['method', 'route'],
      buckets: BUCKETS,
      registers,
    });
    this.#publishes = new Histogram({
      name: 'atrium_registry_publish_duration_seconds',
      help: 'Subgraph publishes (one or a batch), by HTTP status.',
      labelNames: ['status'],
      buckets: BUCKETS,
      registers,
    });
    this.#checks = new Histogram({
      name: 'atrium_registry_check_duration_seconds',
      help: 'Schema checks, by HTTP status.',
      labelNames: ['status'],
      buckets: BUCKETS,
      registers,
    });
    this.#compositionFailures = new Counter({
      name: 'atrium_registry_composition_failures_total',
      help: 'Compositions that failed, during a check or a publish.',
      labelNames: ['during'],
      registers,
    });
    this.#usageBatches = new Counter({
      name: 'atrium_registry_usage_batches_total',
      help: 'Usage batches received from hubs: ingested, or duplicate (counted before).',
      labelNames: ['result'],
      registers,
    });
    this.#usageEntries = new Counter({
      name: 'atrium_registry_usage_entries_total',
      help: 'Usage entries (coordinate, client, minute) ingested; rate() of it is the ingest rate.',
      registers,
    });
  }

  /** One API request answered; `route` is the matched route template, or undefined when none matched. */
  requestAnswered(method: string, route: string | undefined, status: number, seconds: number): void {
    const template = route ?? UNMATCHED_ROUTE;
    this.#requests.inc({ method, route: template, status: String(status) });
    this.#duration.observe({ method, route: template }, seconds);
    const key = `${method} ${template}`;
    if (PUBLISH_ROUTES.has(key)) this.#publishes.observe({ status: String(status) }, seconds);
    else if (CHECK_ROUTES.has(key)) this.#checks.observe({ status: String(status) }, seconds);
  }

  compositionFailed(during: 'check' | 'publish'): void {
    this.#compositionFailures.inc({ during });
  }

  usageIngested(duplicate: boolean, entries: number): void {
    this.#usageBatches.inc({ result: duplicate ? 'duplicate' : 'ingested' });
    if (!duplicate) this.#usageEntries.inc(entries);
  }

  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
