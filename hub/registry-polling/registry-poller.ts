/**
 * The one poll loop of the registry feeds the hub follows (the supergraph, the client records, the persisted
 * operations): a conditional GET with `If-None-Match` (an unchanged feed costs a 304 and no body), one deadline per
 * poll (`fetch-registry-json.ts`), the configured interval when healthy and exponential backoff with jitter after
 * failures (`poll-backoff.ts`), a warning per failed poll and a line when the registry answers again. What a body
 * means, and what the log lines say, is the feed's: `read` turns a body into the value to hand over or a reason.
 */
import type { Logger } from 'pino';
import type { RegistrySourceConfig } from '../config/hub-config.js';
import { fetchRegistryJson } from './fetch-registry-json.js';
import { nextPollDelay } from './poll-backoff.js';

export type PollOutcome<T> =
  | { readonly kind: 'updated'; readonly value: T }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'failed'; readonly reason: string };

/** What a feed makes of a fetched body: the value and the ETag to send next, or why the hub cannot use it. */
export type FeedReading<T> =
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'accepted'; readonly value: T; readonly etag: string | undefined };

export interface RegistryPollerOptions<T> {
  readonly endpoint: string;
  readonly config: Pick<RegistrySourceConfig, 'token' | 'timeoutMs' | 'pollIntervalMs' | 'maxBackoffMs'>;
  /** Bound to the feed already (`source`, `endpoint`, …); the token is never in it. */
  readonly log: Logger;
  read(body: unknown, etag: string | undefined): FeedReading<T>;
  /**
   * When the ETag of an accepted value is kept: `after-handover` (the default) once the listener has resolved, so
   * a listener that throws sees the value again; `before-handover` even if the listener rejects it, for a feed
   * where fetching the same bad value again would not help (the supergraph).
   */
  readonly keepEtag?: 'before-handover' | 'after-handover';
  readonly messages: {
    /** Warned with `{ failures, reason }` after each failed poll (not while stopping). */
    readonly failed: string;
    /** Logged with `{ after }` on the first good poll after failures. */
    readonly reachableAgain: string;
    /** If set, logged at debug with `{ outcome }` after each good poll. */
    readonly polled?: string;
  };
}

export interface RegistryPoller<T> {
  readonly endpoint: string;
  /** Polls once now (waiting for the listener), then every interval (with backoff after failures) until `stop()`. */
  start(onValue: (value: T) => Promise<void>): Promise<PollOutcome<T>>;
  stop(): Promise<void>;
}

export function createRegistryPoller<T>(options: RegistryPollerOptions<T>): RegistryPoller<T> {
  const { endpoint, config, log, messages } = options;
  const keepEtagFirst = options.keepEtag === 'before-handover';
  const stopping = new AbortController();
  let etag: string | undefined;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<unknown> = Promise.resolve();
  let onValue: (value: T) => Promise<void> = () => Promise.resolve();

  async function fetchValue(): Promise<PollOutcome<T>> {
    const fetched = await fetchRegistryJson(endpoint, {
      token: config.token,
      etag,
      timeoutMs: config.timeoutMs,
      signal: stopping.signal,
    });
    if (fetched.kind !== 'fetched') return fetched;
    const reading = options.read(fetched.body, fetched.etag);
    if (reading.kind === 'failed') return reading;
    if (keepEtagFirst) etag = reading.etag;
    await onValue(reading.value);
    etag = reading.etag;
    return { kind: 'updated', value: reading.value };
  }

  async function poll(): Promise<PollOutcome<T>> {
    const outcome = await fetchValue();
    if (outcome.kind === 'failed') {
      failures += 1;
      if (!stopping.signal.aborted) log.warn({ failures, reason: outcome.reason }, messages.failed);
    } else {
      if (failures > 0) log.info({ after: failures }, messages.reachableAgain);
      failures = 0;
      if (messages.polled !== undefined) log.debug({ outcome: outcome.kind }, messages.polled);
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
    endpoint,
    async start(listener) {
      onValue = listener;
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
