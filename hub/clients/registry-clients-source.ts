/**
 * The graph's client records from the registry (`GET {url}/v1/graphs/:graph/clients`), polled like the
 * supergraph (`hub/registry-polling/registry-poller.ts`: `If-None-Match`, the supergraph's poll interval and
 * backoff, one deadline per poll, the token in the `Authorization` header only). Each new set is validated
 * (`lib/client-records.ts`), handed over, and saved as the last-known-good copy.
 */
import type { Logger } from 'pino';
import { clientRecordSetSchema, type ClientRecordSet } from '../../lib/client-records.js';
import type { RegistrySourceConfig } from '../config/hub-config.js';
import {
  createRegistryPoller,
  type PollOutcome,
  type RegistryPoller,
} from '../registry-polling/registry-poller.js';

export type ClientsPollOutcome = PollOutcome<ClientRecordSet>;

export type RegistryClientsPoller = RegistryPoller<ClientRecordSet>;

export function clientsEndpoint(config: RegistrySourceConfig): string {
  return `${config.url}/v1/graphs/${encodeURIComponent(config.graphName)}/clients`;
}

export function createRegistryClientsPoller(
  config: RegistrySourceConfig,
  logger: Logger,
): RegistryClientsPoller {
  const endpoint = clientsEndpoint(config);
  return createRegistryPoller({
    endpoint,
    config,
    log: logger.child({ source: 'registry', clients: config.graphName, endpoint }),
    messages: { failed: 'client records poll failed', reachableAgain: 'client records reachable again' },
    read(body, etag) {
      const parsed = clientRecordSetSchema.safeParse(body);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        const where = first ? ` (${first.path.join('.')}: ${first.message})` : '';
        return { kind: 'failed', reason: `registry answered a client-record set the hub cannot use${where}` };
      }
      if (parsed.data.graph !== config.graphName) {
        return { kind: 'failed', reason: `registry answered the records of graph ${parsed.data.graph}` };
      }
      return { kind: 'accepted', value: parsed.data, etag };
    },
  });
}
