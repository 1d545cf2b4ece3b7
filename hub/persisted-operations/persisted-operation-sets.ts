/**
 * The hub's persisted operations (`PersistedOperationsView`, policies/contract/persisted-operations.ts): the
 * registry's feed for the hub's variant (polled, hot-swapped, kept on disk as last-known-good), or nothing for a
 * hub serving a supergraph file (its manifests are the policy's `manifests` option). When the registry cannot be
 * reached at boot, the verified last-known-good copy applies (`degraded`); without one the set is empty
 * (`degraded`): `enforce` clients are then refused everything, which is the safe side.
 */
import type { Logger } from 'pino';
import type {
  PersistedOperationSet,
  PersistedOperationsView,
} from '../../policies/contract/persisted-operations.js';
import type { PolicyStatus } from '../../policies/contract/policy.js';
import type { HubConfig, RegistrySourceConfig } from '../config/hub-config.js';
import { createOperationsFeedPoller } from './operations-feed.js';
import { createOperationsLastKnownGoodStore } from './operations-last-known-good.js';

export interface PersistedOperationSets extends PersistedOperationsView {
  stop(): Promise<void>;
}

const EMPTY: PersistedOperationSet = Object.freeze({ clients: [], operations: [] });

function counts(set: PersistedOperationSet) {
  return { versions: set.clients.length, operations: set.operations.length };
}

export function createPersistedOperationSets(config: HubConfig, logger: Logger): PersistedOperationSets {
  const log = logger.child({ component: 'persisted-operations' });
  const listeners = new Set<(set: PersistedOperationSet) => void>();
  const registry = config.supergraph.source === 'registry' ? config.supergraph.registry : undefined;
  let current = EMPTY;
  let status: PolicyStatus = registry
    ? { state: 'degraded', reason: 'persisted operations not loaded yet' }
    : { state: 'ready' };
  let started: Promise<void> | undefined;
  let stop: () => Promise<void> = () => Promise.resolve();

  function swap(set: PersistedOperationSet): void {
    current = set;
    for (const listener of listeners) listener(set);
  }

  async function startRegistry(source: RegistrySourceConfig): Promise<void> {
    const lastKnownGood = createOperationsLastKnownGoodStore({
      dir: config.lastKnownGood.dir,
      ref: `${source.graphName}@${source.variant}`,
    });
    const poller = createOperationsFeedPoller(source, log);
    stop = () => poller.stop();
    const first = await poller.start(async (set) => {
      swap(set);
      status = { state: 'ready' };
      log.info(counts(set), 'persisted operations loaded');
      try {
        await lastKnownGood.save(set);
      } catch (error) {
        log.warn(
          { err: (error as Error).message, path: lastKnownGood.path },
          'could not save persisted operations',
        );
      }
    });
    if (first.kind !== 'failed') return;
    const copy = await lastKnownGood.load();
    if (status.state === 'ready') return;
    if (copy.kind === 'verified') {
      swap(copy.set);
      status = {
        state: 'degraded',
        reason: `persisted operations from the last-known-good copy of ${copy.savedAt}: ${first.reason}`,
      };
      log.warn(
        { ...counts(copy.set), path: lastKnownGood.path },
        'serving last-known-good persisted operations',
      );
      return;
    }
    const why = copy.kind === 'refused' ? `; last-known-good copy refused: ${copy.reason}` : '';
    status = { state: 'degraded', reason: `persisted operations not loaded (${first.reason}${why})` };
    log.warn({ reason: first.reason, lastKnownGood: copy.kind }, 'persisted operations not loaded');
  }

  return {
    start() {
      started ??= registry ? startRegistry(registry) : Promise.resolve();
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

/** No registry feed: for a pipeline built without a hub. */
export function staticPersistedOperations(set: PersistedOperationSet = EMPTY): PersistedOperationsView {
  return {
    start: () => Promise.resolve(),
    current: () => set,
    onChange: () => () => undefined,
    status: () => ({ state: 'ready' }),
  };
}
