/**
 * The hub's client records (`ClientRecordsView`, policies/contract/client-records.ts): the set from the
 * registry (polled, hot-swapped, kept on disk as last-known-good) or from the configuration file
 * (`clients.records`, for a hub without a registry). Until the first set is in, and when the registry cannot be
 * reached at boot and no copy is on disk, the reserved `default` and `anonymous` records with their default
 * values apply, and the view says `degraded`: requests are still limited, by the safe defaults. The polling,
 * swapping and fallback are `hub/registry-polling/polled-set.ts`.
 */
import type { Logger } from 'pino';
import { withReservedClients, type ClientRecordSet } from '../../lib/client-records.js';
import type { ClientRecordsView } from '../../policies/contract/client-records.js';
import type { HubConfig } from '../config/hub-config.js';
import { createPolledSet, staticSet } from '../registry-polling/polled-set.js';
import { createClientsLastKnownGoodStore } from './clients-last-known-good.js';
import { createRegistryClientsPoller } from './registry-clients-source.js';

export interface ClientRecords extends ClientRecordsView {
  /** Stops polling (if it started). */
  stop(): Promise<void>;
}

function counts(set: ClientRecordSet): { graph: string; records: number } {
  return { graph: set.graph, records: set.clients.length };
}

export function createClientRecords(config: HubConfig, logger: Logger): ClientRecords {
  const log = logger.child({ component: 'client-records' });
  const clients = config.clients;
  return createPolledSet<ClientRecordSet>({
    initial: withReservedClients({
      graph: clients.source === 'registry' ? clients.registry.graphName : clients.set.graph,
      clients: clients.source === 'config' ? clients.set.clients : [],
    }),
    feed:
      clients.source === 'registry'
        ? () => ({
            lastKnownGood: createClientsLastKnownGoodStore({
              dir: config.lastKnownGood.dir,
              graph: clients.registry.graphName,
            }),
            poller: createRegistryClientsPoller(clients.registry, log),
          })
        : undefined,
    log,
    noun: 'client records',
    counts,
    fallback: {
      reason: 'the reserved default and anonymous records apply',
      log: 'reserved records apply',
    },
  });
}

/** A view of a fixed set (the reserved records alone by default): for a pipeline built without a hub. */
export function staticClientRecords(
  set: ClientRecordSet = withReservedClients({ graph: 'local', clients: [] }),
): ClientRecordsView {
  return staticSet(set);
}
