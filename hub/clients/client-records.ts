/**
 * The hub's client records (`ClientRecordsView`, policies/contract/client-records.ts): the set from the
 * registry (polled, hot-swapped, kept on disk as last-known-good) or from the configuration file
 * (`clients.records`, for a hub without a registry). Until the first set is in, and when the registry cannot be
 * reached at boot and no copy is on disk, the reserved `default` and `anonymous` records with their default
 * values apply, and the view says `degraded`: requests are still limited, by the safe defaults.
 */
import type { Logger } from 'pino';
import { withReservedClients, type ClientRecordSet } from '../../lib/client-records.js';
import type { ClientRecordsView } from '../../policies/contract/client-records.js';
import type { PolicyStatus } from '../../policies/contract/policy.js';
import type { HubConfig } from '../config/hub-config.js';
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
  const listeners = new Set<(set: ClientRecordSet) => void>();
  const clients = config.clients;
  let current: ClientRecordSet = withReservedClients({
    graph: clients.source === 'registry' ? clients.registry.graphName : clients.set.graph,
    clients: clients.source === 'config' ? clients.set.clients : [],
  });
  let status: PolicyStatus =
    clients.source === 'config'
      ? { state: 'ready' }
      : { state: 'degraded', reason: 'client records not loaded yet' };
  let started: Promise<void> | undefined;
  let stop: () => Promise<void> = () => Promise.resolve();

  function swap(set: ClientRecordSet): void {
    current = set;
    for (const listener of listeners) listener(set);
  }

  async function startRegistry(registry: Extract<HubConfig['clients'], { source: 'registry' }>['registry']) {
    const lastKnownGood = createClientsLastKnownGoodStore({
      dir: config.lastKnownGood.dir,
      graph: registry.graphName,
    });
    const poller = createRegistryClientsPoller(registry, log);
    stop = () => poller.stop();
    const first = await poller.start(async (set) => {
      swap(set);
      status = { state: 'ready' };
      log.info(counts(set), 'client records loaded');
      try {
        await lastKnownGood.save(set);
      } catch (error) {
        log.warn(
          { err: (error as Error).message, path: lastKnownGood.path },
          'could not save client records',
        );
      }
    });
    if (first.kind !== 'failed') return;
    const copy = await lastKnownGood.load();
    if (status.state === 'ready') return; // a later poll got through meanwhile
    if (copy.kind === 'verified') {
      swap(copy.set);
      status = {
        state: 'degraded',
        reason: `client records from the last-known-good copy of ${copy.savedAt}: ${first.reason}`,
      };
      log.warn(
        { ...counts(copy.set), path: lastKnownGood.path, reason: first.reason },
        'serving last-known-good client records',
      );
      return;
    }
    const why = copy.kind === 'refused' ? `; last-known-good copy refused: ${copy.reason}` : '';
    status = {
      state: 'degraded',
      reason: `client records not loaded (${first.reason}${why}): the reserved default and anonymous records apply`,
    };
    log.warn(
      { reason: first.reason, lastKnownGood: copy.kind },
      'client records not loaded; reserved records apply',
    );
  }

  return {
    start() {
      started ??= clients.source === 'registry' ? startRegistry(clients.registry) : Promise.resolve();
      return started;
    },
    current: () => current,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    status: () => status,
    async stop() {
      await started?.catch(() => undefined);
      await stop();
    },
  };
}

/** A view of a fixed set (the reserved records alone by default): for a pipeline built without a hub. */
export function staticClientRecords(
  set: ClientRecordSet = withReservedClients({ graph: 'local', clients: [] }),
): ClientRecordsView {
  return {
    start: () => Promise.resolve(),
    current: () => set,
    onChange: () => () => undefined,
    status: () => ({ state: 'ready' }),
  };
}
