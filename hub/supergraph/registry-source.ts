/**
 * Polls the registry's current supergraph (`GET {url}/v1/graphs/:graph/variants/:variant/supergraph`) with
 * `If-None-Match`, so an unchanged supergraph costs a 304 and no body. Backs off exponentially on errors.
 * The token goes in the `Authorization` header only and is never logged. One deadline (`timeoutMs`, see
 * lib/deadline.ts) covers each poll, body included, and survives garbage collections. The loop is
 * `hub/registry-polling/registry-poller.ts`.
 */
import type { Logger } from 'pino';
import type { RegistrySourceConfig } from '../config/hub-config.js';
import { createRegistryPoller } from '../registry-polling/registry-poller.js';
import { registrySupergraphResponse } from './registry-response.js';
import type {
  CandidateListener,
  FirstAttempt,
  SupergraphCandidate,
  SupergraphSource,
} from './supergraph-source.js';

export interface RegistrySourceOptions {
  readonly config: RegistrySourceConfig;
  readonly logger: Logger;
}

export function supergraphEndpoint(config: RegistrySourceConfig): string {
  const graph = encodeURIComponent(config.graphName);
  const variant = encodeURIComponent(config.variant);
  return `${config.url}/v1/graphs/${graph}/variants/${variant}/supergraph`;
}

export function createRegistrySource({ config, logger }: RegistrySourceOptions): SupergraphSource {
  const endpoint = supergraphEndpoint(config);
  const poller = createRegistryPoller<SupergraphCandidate>({
    endpoint,
    config,
    log: logger.child({ source: 'registry', graphRef: config.graphRef, endpoint }),
    messages: {
      failed: 'supergraph poll failed',
      reachableAgain: 'registry reachable again',
      polled: 'supergraph polled',
    },
    // The ETag is kept even if the hub rejects this supergraph: re-fetching the same bad SDL would not help.
    keepEtag: 'before-handover',
    read(body, etag) {
      const parsed = registrySupergraphResponse.safeParse(body);
      if (!parsed.success) return { kind: 'failed', reason: 'registry answered an unexpected body' };
      return {
        kind: 'accepted',
        etag: etag ?? `"${parsed.data.hash}"`,
        value: {
          supergraphSdl: parsed.data.supergraphSdl,
          version: parsed.data.version,
          origin: `registry ${config.graphRef} v${parsed.data.version}`,
        },
      };
    },
  });

  return {
    description: `registry ${config.graphRef} at ${config.url}`,
    async start(onCandidate: CandidateListener): Promise<FirstAttempt> {
      const outcome = await poller.start(onCandidate);
      return outcome.kind === 'failed' ? { ok: false, reason: outcome.reason } : { ok: true };
    },
    stop: () => poller.stop(),
  };
}
