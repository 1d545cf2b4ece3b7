import type { Logger } from 'pino';
import type { HubConfig } from '../config/hub-config.js';
import { createFileSource } from './file-source.js';
import { createLastKnownGoodStore, type LastKnownGoodStore } from './last-known-good.js';
import { createRegistrySource } from './registry-source.js';
import type { SupergraphSource } from './supergraph-source.js';

/** The configured source, and the last-known-good store that goes with it (registry sources only). */
export function createSupergraphSource(
  config: HubConfig,
  logger: Logger,
): { source: SupergraphSource; lastKnownGood: LastKnownGoodStore | null } {
  const supergraph = config.supergraph;
  switch (supergraph.source) {
    case 'registry':
      return {
        source: createRegistrySource({ config: supergraph.registry, logger }),
        lastKnownGood: createLastKnownGoodStore({
          dir: config.lastKnownGood.dir,
          graphRef: supergraph.registry.graphRef,
        }),
      };
    case 'file':
      return { source: createFileSource({ path: supergraph.file, logger }), lastKnownGood: null };
  }
}
