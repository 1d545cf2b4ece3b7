/**
 * Sends the aggregate to the registry: every `flushIntervalMs` the aggregate is sealed into a batch (a uuid),
 * spooled (usage-spool.ts), then sent, oldest first, gzip, with a deadline. A failure waits with exponential
 * backoff (capped at `maxBackoffMs`) before the next attempt; the batches stay spooled meanwhile. The registry
 * counts a batch id once, so a batch resent after a lost answer is not counted twice. `stop()` seals and sends
 * what is left; what the registry does not take then stays spooled for the next start.
 */
import type { PolicyEvents } from '../contract/policy-events.js';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Logger } from 'pino';
import { fetchWithDeadline } from '../../lib/fetch-with-deadline.js';
import type { PolicyStatus } from '../contract/policy.js';
import { UsageAggregator, type RecordedRequest } from './usage-aggregator.js';
import type { UsageBatch } from './usage-batch.js';
import { UsageSpool } from './usage-spool.js';

const gzipAsync = promisify(gzip);

export interface UsageReporterOptions {
  /** `…/v1/graphs/:graph/variants/:variant/usage`. */
  readonly endpoint: string;
  readonly token: string;
  readonly flushIntervalMs: number;
  readonly timeoutMs: number;
  readonly maxBackoffMs: number;
  readonly maxKeys: number;
  readonly spoolDir: string;
  readonly maxSpoolBytes: number;
  readonly logger: Logger;
  readonly now?: () => number;
  /** What becomes of each batch (sent, retried, spooled, dropped), for the hub's metrics. */
  readonly events?: PolicyEvents;
}

type SendResult = 'sent' | 'refused' | 'failed';

/** Statuses after which resending the same batch cannot succeed: it is dropped (and logged). */
const PERMANENT = new Set([400, 404, 413, 422]);

export class UsageReporter {
  readonly #options: UsageReporterOptions;
  readonly #aggregator: UsageAggregator;
  readonly #spool: UsageSpool;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #dropped = 0;
  #failures = 0;
  #nextAttemptAt = 0;
  #lastError: string | undefined;
  #draining: Promise<void> | undefined;
  #sealing: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(options: UsageReporterOptions) {
    this.#options = options;
    this.#aggregator = new UsageAggregator(options.maxKeys);
    this.#spool = new UsageSpool(options.spoolDir, options.maxSpoolBytes);
    this.#now = options.now ?? Date.now;
  }

  get aggregator(): UsageAggregator {
    return this.#aggregator;
  }

  async start(): Promise<void> {
    try {
      await this.#spool.open();
    } catch (error) {
      this.#options.logger.warn(
        { err: error, dir: this.#options.spoolDir },
        'usage spool directory unavailable: batches wait in memory',
      );
    }
    if (this.#spool.length > 0) {
      this.#options.logger.info({ batches: this.#spool.length }, 'usage: sending batches spooled before');
    }
    this.#timer = setInterval(() => void this.flush(), this.#options.flushIntervalMs);
    this.#timer.unref();
    void this.#drain();
  }

  /** Records one request; seals the aggregate first when a new key would pass `maxKeys`. */
  record(key: string, request: RecordedRequest): void {
    if (this.#stopped) return;
    if (!this.#aggregator.has(key) && this.#aggregator.full()) void this.#seal();
    this.#aggregator.add(key, request);
  }

  /** Seals the aggregate into a spooled batch and sends what is spooled (unless backing off). */
  async flush(): Promise<void> {
    await this.#seal();
    await this.#drain();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#seal();
    await this.#draining;
    this.#nextAttemptAt = 0;
    await this.#drain();
    if (this.#spool.length > 0) {
      this.#options.logger.warn(
        { batches: this.#spool.length, dir: this.#options.spoolDir, reason: this.#lastError },
        'usage: the registry did not take every batch; they stay spooled for the next start',
      );
    }
  }

  status(): PolicyStatus {
    if (this.#failures === 0 || this.#spool.length === 0) return { state: 'ready' };
    return {
      state: 'degraded',
      reason: `usage: ${this.#spool.length} batch(es) waiting for the registry (${this.#lastError ?? 'unreachable'})`,
    };
  }

  /** Seals now (synchronously: memory stays bounded); spool writes follow one another, in order. */
  #seal(): Promise<void> {
    const dropped = this.#dropped;
    const batch = this.#aggregator.seal(randomUUID(), dropped);
    if (batch === null) return this.#sealing;
    this.#dropped -= dropped;
    this.#sealing = this.#sealing
      .then(() => this.#spoolBatch(batch, dropped))
      .catch((error: unknown) =>
        this.#options.logger.error({ err: error }, 'usage: spooling a batch failed'),
      );
    return this.#sealing;
  }

  async #spoolBatch(batch: UsageBatch, dropped: number): Promise<void> {
    const body = await gzipAsync(JSON.stringify(batch));
    const requests = countRequests(batch);
    if (await this.#spool.add(batch.batchId, body, requests)) {
      this.#options.events?.record({ kind: 'usage-batch', result: 'spooled' });
    } else {
      this.#options.events?.record({ kind: 'usage-batch', result: 'dropped' });
      this.#dropped += requests + dropped;
      this.#options.logger.error(
        { batchId: batch.batchId, requests, spoolBytes: this.#spool.bytes },
        'usage: spool full, batch dropped (the registry has been unreachable for long)',
      );
    }
  }

  #drain(): Promise<void> {
    this.#draining ??= this.#drainNow().finally(() => {
      this.#draining = undefined;
    });
    return this.#draining;
  }

  /** Sends the spooled batches, oldest first, until one fails (then backs off) or none is left. */
  async #drainNow(): Promise<void> {
    for (let batch = this.#spool.oldest(); batch !== undefined; batch = this.#spool.oldest()) {
      if (this.#now() < this.#nextAttemptAt) return;
      const result = await this.#send(await this.#spool.body(batch), batch.batchId);
      this.#options.events?.record({
        kind: 'usage-batch',
        result: result === 'failed' ? 'retried' : result === 'sent' ? 'sent' : 'dropped',
      });
      if (result === 'failed') {
        this.#failures += 1;
        const backoff = Math.min(this.#options.maxBackoffMs, 500 * 2 ** Math.min(this.#failures, 16));
        this.#nextAttemptAt = this.#now() + backoff;
        return;
      }
      this.#failures = 0;
      this.#lastError = undefined;
      await this.#spool.shift();
    }
  }

  async #send(body: Buffer, batchId: string): Promise<SendResult> {
    try {
      const response = await fetchWithDeadline(
        this.#options.endpoint,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${this.#options.token}`,
            'content-type': 'application/json',
            'content-encoding': 'gzip',
          },
          body: new Uint8Array(body),
        },
        this.#options.timeoutMs,
      );
      if (response.ok) return 'sent';
      const text = await response.text();
      if (PERMANENT.has(response.status)) {
        this.#options.logger.error(
          { batchId, status: response.status, answer: text.slice(0, 500) },
          'usage: the registry refused a batch; it is dropped',
        );
        return 'refused';
      }
      this.#lastError = `HTTP ${response.status}`;
      this.#options.logger.warn(
        { batchId, status: response.status },
        'usage: sending a batch failed; will retry',
      );
      return 'failed';
    } catch (error) {
      this.#lastError = (error as Error).message;
      this.#options.logger.warn(
        { batchId, reason: this.#lastError },
        'usage: registry unreachable; will retry',
      );
      return 'failed';
    }
  }
}

function countRequests(batch: UsageBatch): number {
  return batch.entries.reduce((sum, entry) => sum + entry.count, 0);
}
