/**
 * Polls the registry's current supergraph (`GET {url}/v1/graphs/:graph/variants/:variant/supergraph`) with
 * `If-None-Match`, so an unchanged supergraph costs a 304 and no body. Backs off exponentially on errors.
 * The token goes in the `Authorization` header only and is never logged. One deadline (`timeoutMs`, see
 * lib/deadline.ts) covers each poll, body included, and survives garbage collections.
 */
import type { Logger } from 'pino';
import { fetchRegistryJson } from './fetch-registry-json.js';
import type { RegistrySourceConfig } from '../config/hub-config.js';
import { nextPollDelay } from './poll-backoff.js';
import { registrySupergraphResponse } from './registry-response.js';
import type { CandidateListener, FirstAttempt, SupergraphSource } from './supergraph-source.js';

export interface RegistrySourceOptions {
  readonly config: RegistrySourceConfig;
  readonly logger: Logger;
}

type PollOutcome =
  | { readonly kind: 'updated' }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'failed'; readonly reason: string };

export function supergraphEndpoint(config: RegistrySourceConfig): string {
  const graph = encodeURIComponent(config.graphName);
  const variant = encodeURIComponent(config.variant);
  return `${config.url}/v1/graphs/${graph}/variants/${variant}/supergraph`;
}

export function createRegistrySource({ config, logger }: RegistrySourceOptions): SupergraphSource {
  const endpoint = supergraphEndpoint(config);
  const log = logger.child({ source: 'registry', graphRef: config.graphRef, endpoint });
  const stopping = new AbortController();
  let etag: string | undefined;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<unknown> = Promise.resolve();
  let listener: CandidateListener = () => Promise.resolve();

  async function fetchSupergraph(): Promise<PollOutcome> {
    const fetched = await fetchRegistryJson(endpoint, {
      token: config.token,
      etag,
      timeoutMs: config.timeoutMs,
      signal: stopping.signal,
    });
    if (fetched.kind !== 'fetched') return fetched;
    const { body } = fetched;
    const parsed = registrySupergraphResponse.safeParse(body);
    if (!parsed.success) return { kind: 'failed', reason: 'registry answered an unexpected body' };
    etag = fetched.etag ?? `"${parsed.data.hash}"`;
    // The ETag is kept even if the hub rejects this supergraph: re-fetching the same bad SDL would not help.
    await listener({
      supergraphSdl: parsed.data.supergraphSdl,
      version: parsed.data.version,
      origin: `registry ${config.graphRef} v${parsed.data.version}`,
    });
    return { kind: 'updated' };
  }

  async function poll(): Promise<PollOutcome> {
    const outcome = await fetchSupergraph();
    if (outcome.kind === 'failed') {
      failures += 1;
      if (!stopping.signal.aborted) log.warn({ failures, reason: outcome.reason }, 'supergraph poll failed');
    } else {
      if (failures > 0) log.info({ after: failures }, 'registry reachable again');
      failures = 0;
      log.debug({ outcome: outcome.kind }, 'supergraph polled');
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
    description: `registry ${config.graphRef} at ${config.url}`,
    async start(onCandidate: CandidateListener): Promise<FirstAttempt> {
      listener = onCandidate;
      const first = poll();
      polling = first;
      const outcome = await first;
      schedule();
      return outcome.kind === 'failed' ? { ok: false, reason: outcome.reason } : { ok: true };
    },
    async stop(): Promise<void> {
      stopping.abort();
      clearTimeout(timer);
      await polling.catch(() => undefined);
    },
  };
}
