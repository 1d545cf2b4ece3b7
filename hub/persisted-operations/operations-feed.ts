/**
 * The registry's persisted-operations feed for the hub's variant
 * (`GET {url}/v1/graphs/:graph/variants/:variant/persisted-operations`, docs/registry-api.md "The hubs' feed"),
 * polled like the client records: `If-None-Match`, the supergraph's interval and backoff, one deadline per poll
 * (`lib/fetch-with-deadline.ts`), the token in the `Authorization` header only. Each document's id is checked
 * against the sha256 of its body before the set is handed over.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import { fetchRegistryJson } from '../supergraph/fetch-registry-json.js';
import type { PersistedOperationSet } from '../../policies/contract/persisted-operations.js';
import type { RegistrySourceConfig } from '../config/hub-config.js';
import { nextPollDelay } from '../supergraph/poll-backoff.js';

export const operationSetSchema = z.object({
  clients: z.array(z.object({ client: z.string(), version: z.string(), operationIds: z.array(z.string()) })),
  operations: z.array(
    z.object({
      id: z.string().regex(/^[0-9a-f]{64}$/),
      name: z.string().nullable(),
      type: z.enum(['query', 'mutation', 'subscription']),
      body: z.string(),
    }),
  ),
});

const feedSchema = operationSetSchema.extend({ graph: z.string(), variant: z.string() });

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The first document whose id is not the sha256 of its body, if any. */
export function misnamedDocument(set: PersistedOperationSet): string | undefined {
  return set.operations.find((operation) => sha256Hex(operation.body) !== operation.id)?.id;
}

export type OperationsPollOutcome =
  | { readonly kind: 'updated'; readonly set: PersistedOperationSet }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'failed'; readonly reason: string };

export interface OperationsFeedPoller {
  start(onSet: (set: PersistedOperationSet) => Promise<void>): Promise<OperationsPollOutcome>;
  stop(): Promise<void>;
}

export function operationsEndpoint(config: RegistrySourceConfig): string {
  const graph = encodeURIComponent(config.graphName);
  return `${config.url}/v1/graphs/${graph}/variants/${encodeURIComponent(config.variant)}/persisted-operations`;
}

export function createOperationsFeedPoller(
  config: RegistrySourceConfig,
  logger: Logger,
): OperationsFeedPoller {
  const endpoint = operationsEndpoint(config);
  const log = logger.child({ source: 'registry', endpoint });
  const stopping = new AbortController();
  let etag: string | undefined;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<unknown> = Promise.resolve();
  let onSet: (set: PersistedOperationSet) => Promise<void> = () => Promise.resolve();

  async function fetchSet(): Promise<OperationsPollOutcome> {
    const fetched = await fetchRegistryJson(endpoint, {
      token: config.token,
      etag,
      timeoutMs: config.timeoutMs,
      signal: stopping.signal,
    });
    if (fetched.kind !== 'fetched') return fetched;
    const { body } = fetched;
    const parsed = feedSchema.safeParse(body);
    if (!parsed.success) return { kind: 'failed', reason: 'registry answered a feed the hub cannot use' };
    if (parsed.data.graph !== config.graphName || parsed.data.variant !== config.variant) {
      return {
        kind: 'failed',
        reason: `registry answered the feed of ${parsed.data.graph}@${parsed.data.variant}`,
      };
    }
    const set: PersistedOperationSet = { clients: parsed.data.clients, operations: parsed.data.operations };
    const misnamed = misnamedDocument(set);
    if (misnamed !== undefined)
      return { kind: 'failed', reason: `document ${misnamed} does not hash to its id` };
    const next = fetched.etag;
    await onSet(set);
    etag = next;
    return { kind: 'updated', set };
  }

  async function poll(): Promise<OperationsPollOutcome> {
    const outcome = await fetchSet();
    if (outcome.kind === 'failed') {
      failures += 1;
      if (!stopping.signal.aborted)
        log.warn({ failures, reason: outcome.reason }, 'persisted operations poll failed');
    } else {
      if (failures > 0) log.info({ after: failures }, 'persisted operations reachable again');
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
