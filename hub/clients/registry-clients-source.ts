/**
 * The graph's client records from the registry (`GET {url}/v1/graphs/:graph/clients`), polled like the
 * supergraph: `If-None-Match` (an unchanged set costs a 304 and no body), the supergraph's poll interval and
 * backoff, one deadline per poll (`lib/fetch-with-deadline.ts`), the token in the `Authorization` header only.
 * Each new set is validated (`lib/client-records.ts`), handed over, and saved as the last-known-good copy.
 */
import type { Logger } from 'pino';
import { clientRecordSetSchema, type ClientRecordSet } from '../../lib/client-records.js';
import { fetchRegistryJson } from '../supergraph/fetch-registry-json.js';
import type { RegistrySourceConfig } from '../config/hub-config.js';
import { nextPollDelay } from '../supergraph/poll-backoff.js';

export type ClientsPollOutcome =
  | { readonly kind: 'updated'; readonly set: ClientRecordSet }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'failed'; readonly reason: string };

export interface RegistryClientsPoller {
  readonly endpoint: string;
  /** Polls once now, then every interval (with backoff after failures) until `stop()`. */
  start(onSet: (set: ClientRecordSet) => Promise<void>): Promise<ClientsPollOutcome>;
  stop(): Promise<void>;
}

export function clientsEndpoint(config: RegistrySourceConfig): string {
  return `${config.url}/v1/graphs/${encodeURIComponent(config.graphName)}/clients`;
}

export function createRegistryClientsPoller(
  config: RegistrySourceConfig,
  logger: Logger,
): RegistryClientsPoller {
  const endpoint = clientsEndpoint(config);
  const log = logger.child({ source: 'registry', clients: config.graphName, endpoint });
  const stopping = new AbortController();
  let etag: string | undefined;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<unknown> = Promise.resolve();
  let onSet: (set: ClientRecordSet) => Promise<void> = () => Promise.resolve();

  async function fetchSet(): Promise<ClientsPollOutcome> {
    const fetched = await fetchRegistryJson(endpoint, {
      token: config.token,
      etag,
      timeoutMs: config.timeoutMs,
      signal: stopping.signal,
    });
    if (fetched.kind !== 'fetched') return fetched;
    const { body } = fetched;
    const parsed = clientRecordSetSchema.safeParse(body);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first ? ` (${first.path.join('.')}: ${first.message})` : '';
      return { kind: 'failed', reason: `registry answered a client-record set the hub cannot use${where}` };
    }
    if (parsed.data.graph !== config.graphName) {
      return { kind: 'failed', reason: `registry answered the records of graph ${parsed.data.graph}` };
    }
    const next = fetched.etag;
    await onSet(parsed.data);
    etag = next;
    return { kind: 'updated', set: parsed.data };
  }

  async function poll(): Promise<ClientsPollOutcome> {
    const outcome = await fetchSet();
    if (outcome.kind === 'failed') {
      failures += 1;
      if (!stopping.signal.aborted)
        log.warn({ failures, reason: outcome.reason }, 'client records poll failed');
    } else {
      if (failures > 0) log.info({ after: failures }, 'client records reachable again');
      failures = 0;
    }
    return outcome;
  }

  function schedule(): void {
    if (stopping.signal.aborted) return;
    const delay = nextPollDelay(failures, config.pollIntervalMs, config.maxBackoffMs);
    timer = setTimeout(() => {
      polling = poll().finally(schedule);
    }, delay);
    timer.unref();
  }

  return {
    endpoint,
    async start(listener) {
      onSet = listener;
      const first = poll();
      polling = first;
      const outcome = await first;
      schedule();
      return outcome;
    },
    async stop() {
      stopping.abort();
      clearTimeout(timer);
      await polling.catch(() => undefined);
    },
  };
}
