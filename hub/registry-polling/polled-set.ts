/**
 * A set the hub follows from a registry feed and serves to its policies (the client records, the persisted
 * operations): the latest set the poller handed over (hot-swapped, listeners told), saved as the last-known-good
 * copy. When the registry cannot be reached at boot, the verified copy applies and the status says `degraded` with
 * the reason; without one the initial set stays (`degraded` too), and the poller keeps trying. Without a registry
 * source the initial set is the set, and it is ready.
 */
import type { Logger } from 'pino';
import type { PolicyStatus } from '../../policies/contract/policy.js';
import type { LastKnownGoodSetStore } from './last-known-good-set.js';
import type { RegistryPoller } from './registry-poller.js';

export interface PolledSet<T> {
  start(): Promise<void>;
  current(): T;
  onChange(listener: (set: T) => void): () => void;
  status(): PolicyStatus;
  /** Stops polling (if it started). */
  stop(): Promise<void>;
}

export interface PolledSetFeed<T> {
  readonly poller: RegistryPoller<T>;
  readonly lastKnownGood: LastKnownGoodSetStore<T>;
}

export interface PolledSetOptions<T> {
  readonly initial: T;
  /** The registry feed, made at `start()`; undefined when the set is fixed (`initial`). */
  readonly feed: (() => PolledSetFeed<T>) | undefined;
  readonly log: Logger;
  /** What the set is called in log lines and reasons: `client records`, `persisted operations`. */
  readonly noun: string;
  /** What a log line says of a set: `{ graph, records }`. */
  readonly counts: (set: T) => Record<string, unknown>;
  /** What still applies when neither the registry nor a copy gave a set (added to the reason and log line). */
  readonly fallback?: { readonly reason: string; readonly log: string };
}

export function createPolledSet<T>(options: PolledSetOptions<T>): PolledSet<T> {
  const { log, noun, counts } = options;
  const listeners = new Set<(set: T) => void>();
  let current = options.initial;
  let status: PolicyStatus = options.feed
    ? { state: 'degraded', reason: `${noun} not loaded yet` }
    : { state: 'ready' };
  let started: Promise<void> | undefined;
  let stop: () => Promise<void> = () => Promise.resolve();

  function swap(set: T): void {
    current = set;
    for (const listener of listeners) listener(set);
  }

  async function startFeed({ poller, lastKnownGood }: PolledSetFeed<T>): Promise<void> {
    stop = () => poller.stop();
    const first = await poller.start(async (set) => {
      swap(set);
      status = { state: 'ready' };
      log.info(counts(set), `${noun} loaded`);
      try {
        await lastKnownGood.save(set);
      } catch (error) {
        log.warn({ err: (error as Error).message, path: lastKnownGood.path }, `could not save ${noun}`);
      }
    });
    if (first.kind !== 'failed') return;
    const copy = await lastKnownGood.load();
    if (status.state === 'ready') return; // a later poll got through meanwhile
    if (copy.kind === 'verified') {
      swap(copy.set);
      status = {
        state: 'degraded',
        reason: `${noun} from the last-known-good copy of ${copy.savedAt}: ${first.reason}`,
      };
      log.warn(
        { ...counts(copy.set), path: lastKnownGood.path, reason: first.reason },
        `serving last-known-good ${noun}`,
      );
      return;
    }
    const why = copy.kind === 'refused' ? `; last-known-good copy refused: ${copy.reason}` : '';
    const fallback = options.fallback;
    status = {
      state: 'degraded',
      reason: `${noun} not loaded (${first.reason}${why})${fallback ? `: ${fallback.reason}` : ''}`,
    };
    log.warn(
      { reason: first.reason, lastKnownGood: copy.kind },
      `${noun} not loaded${fallback ? `; ${fallback.log}` : ''}`,
    );
  }

  return {
    start() {
      started ??= options.feed ? startFeed(options.feed()) : Promise.resolve();
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

/** A fixed set, always ready: for a pipeline built without a hub. */
export function staticSet<T>(set: T): Omit<PolledSet<T>, 'stop'> {
  return {
    start: () => Promise.resolve(),
    current: () => set,
    onChange: () => () => undefined,
    status: () => ({ state: 'ready' }),
  };
}
