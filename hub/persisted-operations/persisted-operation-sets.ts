/**
 * The hub's persisted operations (`PersistedOperationsView`, policies/contract/persisted-operations.ts): the
 * registry's feed for the hub's variant (polled, hot-swapped, kept on disk as last-known-good), or nothing for a
 * hub serving a supergraph file (its manifests are the policy's `manifests` option). When the registry cannot be
 * reached at boot, the verified last-known-good copy applies (`degraded`); without one the set is empty
 * (`degraded`): `enforce` clients are then refused everything, which is the safe side. The polling, swapping and
 * fallback are `hub/registry-polling/polled-set.ts`.
 */
import type { Logger } from 'pino';
import type {
  PersistedOperationSet,
  PersistedOperationsView,
} from '../../policies/contract/persisted-operations.js';
import type { HubConfig } from '../config/hub-config.js';
import { createPolledSet, staticSet } from '../registry-polling/polled-set.js';
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
  const registry = config.supergraph.source === 'registry' ? config.supergraph.registry : undefined;
  return createPolledSet({
    initial: EMPTY,
    feed: registry
      ? () => ({
          lastKnownGood: createOperationsLastKnownGoodStore({
            dir: config.lastKnownGood.dir,
            ref: `${registry.graphName}@${registry.variant}`,
          }),
          poller: createOperationsFeedPoller(registry, log),
        })
      : undefined,
    log,
    noun: 'persisted operations',
    counts,
  });
}

/** No registry feed: for a pipeline built without a hub. */
export function staticPersistedOperations(set: PersistedOperationSet = EMPTY): PersistedOperationsView {
  return staticSet(set);
}
