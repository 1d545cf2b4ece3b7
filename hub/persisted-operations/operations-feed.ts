/**
 * The registry's persisted-operations feed for the hub's variant
 * (`GET {url}/v1/graphs/:graph/variants/:variant/persisted-operations`, docs/registry-api.md "The hubs' feed"),
 * polled like the client records (`hub/registry-polling/registry-poller.ts`): `If-None-Match`, the supergraph's
 * interval and backoff, one deadline per poll, the token in the `Authorization` header only. Each document's id is checked
 * against the sha256 of its body before the set is handed over.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { PersistedOperationSet } from '../../policies/contract/persisted-operations.js';
import type { RegistrySourceConfig } from '../config/hub-config.js';
import {
  createRegistryPoller,
  type PollOutcome,
  type RegistryPoller,
} from '../registry-polling/registry-poller.js';

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

export type OperationsPollOutcome = PollOutcome<PersistedOperationSet>;

export type OperationsFeedPoller = RegistryPoller<PersistedOperationSet>;

export function operationsEndpoint(config: RegistrySourceConfig): string {
  const graph = encodeURIComponent(config.graphName);
  return `${config.url}/v1/graphs/${graph}/variants/${encodeURIComponent(config.variant)}/persisted-operations`;
}

export function createOperationsFeedPoller(
  config: RegistrySourceConfig,
  logger: Logger,
): OperationsFeedPoller {
  const endpoint = operationsEndpoint(config);
  return createRegistryPoller({
    endpoint,
    config,
    log: logger.child({ source: 'registry', endpoint }),
    messages: {
      failed: 'persisted operations poll failed',
      reachableAgain: 'persisted operations reachable again',
    },
    read(body, etag) {
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
      return { kind: 'accepted', value: set, etag };
    },
  });
}
