/**
 * Quotas shared by every hub on one Redis (or Redis Cluster): one script call per request checks and charges
 * both limits atomically (redis-scripts.ts), so two hubs enforce one limit.
 *
 * Every call has a deadline (`timeoutMs`, default 50 ms) kept by lib/deadline.ts, which a garbage collection
 * cannot lose. When Redis does not answer in time, refuses the connection or answers an error, the store:
 * - `failOpen` (default): decides with a local MemoryQuotaStore and marks the result `degraded`;
 * - `failClosed`: answers `status: 'unavailable'` (the policy sends 503 QUOTA_STORE_UNAVAILABLE, `Retry-After`).
 * It reports each failure to `onError` (the policy logs and counts them), and for `retryIntervalMs` after one it
 * decides without asking Redis, so an outage does not add the timeout to every request.
 *
 * The client it creates connects on first use, never queues commands while disconnected (a command fails at
 * once), never resends one after a reconnect (it would charge twice), drops a connection that stops answering
 * (`socketTimeoutMs`), and reconnects for ever with a bounded backoff: Redis coming back needs no restart.
 * Neither an `'error'` event nor a late reply can crash the process or leave an unhandled rejection.
 */
import { Redis, type Cluster } from 'ioredis';
import type { BudgetLimit } from '../../lib/quota-limits.js';
import { DeadlineExceededError, startDeadline } from '../../lib/deadline.js';
import { budgetGcra } from './gcra.js';
import { MemoryQuotaStore, type MemoryQuotaStoreOptions } from './memory-store.js';
import { REDIS_STORE_DEFAULTS } from './options.js';
import { budgetUsage, gcrasOf, toConsumeResult, toMicros, wholeCost, wholeDelta } from './quota-decision.js';
import { DEFAULT_KEY_PREFIX, keyPrefixProblem, quotaKeys } from './quota-keys.js';
import type {
  AdjustRequest,
  AdjustResult,
  ConsumeRequest,
  ConsumeResult,
  QuotaStore,
  QuotaSubject,
} from './quota-store.js';
import {
  ADJUST,
  CONSUME,
  consumeArgs,
  parseAdjustReply,
  parseConsumeReply,
  type LuaScript,
} from './redis-scripts.js';

export type QuotaFailureMode = 'failOpen' | 'failClosed';

export interface QuotaStoreErrorContext {
  readonly operation: 'consume' | 'adjust' | 'connection';
  /** What the request got instead: a local decision (`failOpen`), `unavailable` (`failClosed`), or nothing. */
  readonly outcome: 'local' | 'unavailable' | 'none';
}

export interface RedisQuotaStoreOptions {
  /** `redis://` or `rediss://` URL of the Redis to create a client for. */
  readonly url?: string | undefined;
  /**
   * A client (or `Cluster`) the caller created and owns instead: `close()` leaves it open. Configure it like the
   * store's own (`enableOfflineQueue: false`, `maxRetriesPerRequest: 0`, `autoResendUnfulfilledCommands: false`;
   * a `Cluster` also needs `enableReadyCheck: false`, since ioredis's cluster ready check goes through the
   * offline queue); only its commands' deadlines are the store's.
   */
  readonly client?: Redis | Cluster | undefined;
  readonly keyPrefix?: string | undefined;
  /** Deadline of each call, connecting included (default 50 ms). */
  readonly timeoutMs?: number | undefined;
  readonly failure?: QuotaFailureMode | undefined;
  /** `Retry-After` of an `unavailable` answer (default 1 s). */
  readonly unavailableRetryAfterSeconds?: number | undefined;
  /** After a failure, decide without Redis for this long (default 250 ms). */
  readonly retryIntervalMs?: number | undefined;
  /** Drop a connection that has not answered a sent command for this long (default 1 s). */
  readonly socketTimeoutMs?: number | undefined;
  /** Give up a TCP connection attempt after this long (default 2 s). */
  readonly connectTimeoutMs?: number | undefined;
  /** The longest wait between reconnection attempts (default 2 s; they start at 50 ms and double). */
  readonly maxReconnectDelayMs?: number | undefined;
  /**
   * How long a settlement (`settle`) may wait for its subject's next `consume` before it is sent alone
   * (default 100 ms): other hubs see a refund or a further charge at most this much later.
   */
  readonly settleFlushMs?: number | undefined;
  /** Options of the local count used while Redis cannot answer. */
  readonly fallback?: MemoryQuotaStoreOptions | undefined;
  readonly onError?: ((error: Error, context: QuotaStoreErrorContext) => void) | undefined;
}

/** Counts of how requests were decided, for metrics and tests. */
export interface RedisQuotaStoreStats {
  readonly redis: number;
  readonly local: number;
  readonly unavailable: number;
  readonly errors: number;
}

/** Settlements of one subject not yet sent to Redis. */
interface PendingSettlement {
  readonly subject: QuotaSubject;
  budget: BudgetLimit;
  delta: number;
}

/** Why a call did not reach Redis: it is known to be unavailable. */
export class QuotaStoreUnavailableError extends Error {
  override readonly name = 'QuotaStoreUnavailableError';
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`${name} must be a positive number, not ${value}`);
  return value;
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export class RedisQuotaStore implements QuotaStore {
  readonly #client: Redis | Cluster;
  readonly #ownsClient: boolean;
  readonly #prefix: string;
  readonly #timeoutMs: number;
  readonly #failure: QuotaFailureMode;
  readonly #unavailableRetryAfterSeconds: number;
  readonly #retryIntervalMs: number;
  readonly #fallback: MemoryQuotaStore;
  readonly #onError: (error: Error, context: QuotaStoreErrorContext) => void;
  readonly #settleFlushMs: number;
  /** By budget key. */
  readonly #pending = new Map<string, PendingSettlement>();
  #flushTimer: NodeJS.Timeout | undefined;
  readonly #flushing = new Set<Promise<void>>();
  #closing: Promise<void> | undefined;
  #skipUntil = 0;
  #ready: Promise<void> | undefined;
  #closed = false;
  #stats = { redis: 0, local: 0, unavailable: 0, errors: 0 };

  constructor(options: RedisQuotaStoreOptions) {
    const defaults = REDIS_STORE_DEFAULTS;
    this.#prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    const prefixProblem = keyPrefixProblem(this.#prefix);
    if (prefixProblem) throw new RangeError(prefixProblem);
    this.#timeoutMs = positive('timeoutMs', options.timeoutMs ?? defaults.timeoutMs);
    this.#failure = options.failure ?? defaults.failure;
    this.#unavailableRetryAfterSeconds = Math.ceil(
      positive(
        'unavailableRetryAfterSeconds',
        options.unavailableRetryAfterSeconds ?? defaults.unavailableRetryAfterSeconds,
      ),
    );
    this.#retryIntervalMs = options.retryIntervalMs ?? defaults.retryIntervalMs;
    this.#settleFlushMs = positive('settleFlushMs', options.settleFlushMs ?? 100);
    this.#fallback = new MemoryQuotaStore(options.fallback);
    this.#onError = options.onError ?? (() => undefined);
    if (options.client) {
      this.#client = options.client;
      this.#ownsClient = false;
    } else {
      if (!options.url) throw new RangeError('a RedisQuotaStore needs a url or a client');
      const maxDelay = positive(
        'maxReconnectDelayMs',
        options.maxReconnectDelayMs ?? defaults.maxReconnectDelayMs,
      );
      this.#client = new Redis(options.url, {
        lazyConnect: true,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        autoResendUnfulfilledCommands: false,
        socketTimeout: positive('socketTimeoutMs', options.socketTimeoutMs ?? defaults.socketTimeoutMs),
        connectTimeout: positive('connectTimeoutMs', options.connectTimeoutMs ?? defaults.connectTimeoutMs),
        retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times - 1, 16), maxDelay),
      });
      this.#ownsClient = true;
    }
    this.#client.on('error', this.#onClientError);
  }

  readonly #onClientError = (error: unknown): void => {
    this.#stats.errors += 1;
    this.#onError(asError(error), { operation: 'connection', outcome: 'none' });
  };

  get stats(): RedisQuotaStoreStats {
    return { ...this.#stats };
  }

  /** Starts connecting (the first call would too); resolves `true` once ready, `false` after `timeoutMs`. */
  async connect(timeoutMs = this.#timeoutMs): Promise<boolean> {
    const deadline = startDeadline(timeoutMs);
    try {
      await raceDeadline(deadline.signal, this.#whenReady());
      return true;
    } catch {
      return false;
    } finally {
      deadline.clear();
    }
  }

  async consume(request: ConsumeRequest): Promise<ConsumeResult> {
    const cost = wholeCost(request.cost);
    const gcras = gcrasOf(request);
    if (!gcras.rate && !gcras.budget) return { status: 'allowed', rate: null, budget: null, degraded: false };
    const keys = quotaKeys(this.#prefix, request.subject);
    const nowUs = request.now === undefined ? null : toMicros(request.now);
    // Earlier requests' settlements ride along: one round trip per request.
    const pending = gcras.budget ? this.#takePending(keys.budget) : 0;
    try {
      const reply = await this.#run(
        CONSUME,
        [keys.rate, keys.budget],
        consumeArgs(nowUs, gcras.rate, gcras.budget, cost, pending),
      );
      const result = toConsumeResult(parseConsumeReply(reply), request, false);
      this.#stats.redis += 1;
      return result;
    } catch (error) {
      const outcome = this.#failed(error, 'consume');
      if (outcome === 'unavailable') {
        return {
          status: 'unavailable',
          retryAfterSeconds: this.#unavailableRetryAfterSeconds,
          reason: asError(error).message,
        };
      }
      if (pending !== 0 && request.budget) {
        this.#fallback.adjustNow({ subject: request.subject, budget: request.budget, delta: pending }, true);
      }
      return this.#fallback.consumeNow(request, true);
    }
  }

  async adjust(request: AdjustRequest): Promise<AdjustResult> {
    const delta = wholeDelta(request.delta);
    const limit = budgetGcra(request.budget);
    const keys = quotaKeys(this.#prefix, request.subject);
    const nowUs = request.now === undefined ? '' : String(toMicros(request.now));
    try {
      const reply = await this.#run(
        ADJUST,
        [keys.budget],
        [nowUs, String(limit.intervalUs), String(limit.capacity), String(delta)],
      );
      const state = parseAdjustReply(reply);
      this.#stats.redis += 1;
      return {
        status: 'adjusted',
        budget: budgetUsage({ allowed: true, ...state, retryAfterUs: 0 }, request.budget),
        degraded: false,
      };
    } catch (error) {
      const outcome = this.#failed(error, 'adjust');
      if (outcome === 'unavailable') return { status: 'unavailable', reason: asError(error).message };
      return this.#fallback.adjustNow(request, true);
    }
  }

  settle(request: AdjustRequest): void {
    const delta = wholeDelta(request.delta);
    if (delta === 0) return;
    const key = quotaKeys(this.#prefix, request.subject).budget;
    const pending = this.#pending.get(key);
    if (pending) {
      pending.delta += delta;
      pending.budget = request.budget;
    } else {
      this.#pending.set(key, { subject: request.subject, budget: request.budget, delta });
    }
    if (this.#flushTimer === undefined && this.#closing === undefined) {
      this.#flushTimer = setTimeout(this.#onFlushTimer, this.#settleFlushMs);
      this.#flushTimer.unref();
    }
  }

  /** Settlements not yet sent (summed per subject), for tests. */
  get pendingSettlements(): number {
    return this.#pending.size;
  }

  #takePending(budgetKey: string): number {
    const pending = this.#pending.get(budgetKey);
    if (pending === undefined) return 0;
    this.#pending.delete(budgetKey);
    return pending.delta;
  }

  readonly #onFlushTimer = (): void => {
    this.#flushTimer = undefined;
    const flushing = this.#flush();
    this.#flushing.add(flushing);
    void flushing.finally(() => this.#flushing.delete(flushing));
  };

  /** Sends every pending settlement alone (`adjust`, which never rejects). */
  async #flush(): Promise<void> {
    if (this.#pending.size === 0) return;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    await Promise.all(
      pending.map((p) => this.adjust({ subject: p.subject, budget: p.budget, delta: p.delta })),
    );
  }

  /** Sends the pending settlements, then closes. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    if (this.#flushTimer !== undefined) clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    await Promise.all([...this.#flushing, this.#flush()]);
    this.#closed = true;
    await this.#fallback.close();
    if (!this.#ownsClient) {
      this.#client.off('error', this.#onClientError);
      return;
    }
    const deadline = startDeadline(Math.max(this.#timeoutMs, 1_000));
    try {
      if (this.#client.status === 'ready') await raceDeadline(deadline.signal, this.#client.quit());
    } catch {
      // Closing anyway: disconnect() below drops the connection and stops reconnecting.
    } finally {
      deadline.clear();
      this.#client.disconnect();
    }
  }

  #failed(error: unknown, operation: 'consume' | 'adjust'): 'local' | 'unavailable' {
    const outcome = this.#failure === 'failClosed' ? 'unavailable' : 'local';
    if (outcome === 'unavailable') this.#stats.unavailable += 1;
    else this.#stats.local += 1;
    // Known-unavailable answers are the consequence of an earlier failure, already reported.
    if (!(error instanceof QuotaStoreUnavailableError)) {
      this.#stats.errors += 1;
      this.#skipUntil = Date.now() + this.#retryIntervalMs;
      this.#onError(asError(error), { operation, outcome });
    }
    return outcome;
  }

  /** One script call within the deadline: EVALSHA, and EVAL when Redis does not have the script yet. */
  async #run(script: LuaScript, keys: string[], args: string[]): Promise<unknown> {
    if (this.#closed) throw new QuotaStoreUnavailableError('the quota store is closed');
    if (Date.now() < this.#skipUntil) {
      throw new QuotaStoreUnavailableError('Redis failed less than retryIntervalMs ago');
    }
    const call =
      this.#client.status === 'ready'
        ? this.#evaluate(script, keys, args)
        : this.#whenReady().then(() => this.#evaluate(script, keys, args));
    return withinDeadline(this.#timeoutMs, call);
  }

  #evaluate(script: LuaScript, keys: string[], args: string[]): Promise<unknown> {
    return this.#client.evalsha(script.sha1, script.keys, ...keys, ...args).catch((error: unknown) => {
      if (!isNoScript(error)) throw error;
      return this.#client.eval(script.source, script.keys, ...keys, ...args);
    });
  }

  /**
   * Resolves once the client is ready. While it is connecting (or has not started: it connects lazily) the
   * call waits, within its deadline; while it waits to reconnect, the call fails at once.
   */
  #whenReady(): Promise<void> {
    const client = this.#client;
    switch (client.status) {
      case 'ready':
        return Promise.resolve();
      case 'reconnecting':
      case 'close':
      case 'end':
      case 'disconnecting':
        return Promise.reject(new QuotaStoreUnavailableError(`Redis is not connected (${client.status})`));
      case 'wait':
        client.connect().catch(() => undefined);
        break;
      case 'connecting':
      case 'connect':
        break;
    }
    this.#ready ??= new Promise<void>((resolve) => {
      client.once('ready', () => {
        this.#ready = undefined;
        resolve();
      });
    });
    return this.#ready;
  }
}

/**
 * Settles like `promise`, or rejects with DeadlineExceededError after `timeoutMs`; a late settlement is ignored.
 * The per-request path: a plain timer (which holds its callback strongly, so a garbage collection cannot lose the
 * deadline, as lib/deadline.ts explains) without the AbortController and listener of `startDeadline`.
 */
function withinDeadline<T>(timeoutMs: number, promise: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DeadlineExceededError(timeoutMs)), timeoutMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(asError(error));
      },
    );
  });
}

/** Settles like `promise`, or rejects with the signal's reason when it aborts first; a late settlement is ignored. */
function raceDeadline<T>(signal: AbortSignal, promise: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) {
      promise.catch(() => undefined);
      reject(asError(signal.reason));
      return;
    }
    const onAbort = (): void => reject(asError(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(asError(error));
      },
    );
  });
}
