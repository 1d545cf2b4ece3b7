/**
 * The webhook queue and its worker. `emit` stores one pending delivery per subscribed webhook and returns at once:
 * no publish or check waits for a receiver (nor for the insert: a failure to store is logged, never thrown). The
 * worker claims due deliveries from the database (a lease, so a registry that stops or crashes mid-attempt leaves
 * them due again, and a restarted registry resumes them), sends each under the attempt deadline, logs the attempt
 * and schedules a retry with backoff and jitter (retry-schedule.ts) until it is delivered or out of attempts.
 * The log names webhooks and deliveries by id, never their URL or secret.
 */
import type { Logger } from 'pino';
import type { Database } from '../storage/database.js';
import {
  claimDueDeliveries,
  insertDelivery,
  insertEventDeliveries,
  nextDueAt,
  recordAttempt,
  releaseDelivery,
  type ClaimedDelivery,
  type EventWrite,
} from '../storage/repositories/webhooks.js';
import type { WebhookEvent } from './events.js';
import { outcomeOf, retryDelayMs } from './retry-schedule.js';
import { sendAttempt } from './send-attempt.js';
import type { SecretBox } from './secret-box.js';
import type { WebhookTargetPolicy } from './target-policy.js';
import type { WebhookOptions } from './webhook-options.js';

/** A claimed delivery stays leased this much longer than its attempt may take. */
const LEASE_MARGIN_MS = 5_000;
/** The shortest wait of the worker's timer (a due time in the past re-runs it soon, never in a tight loop). */
const MIN_WAIT_MS = 10;

const iso = (ms: number): string => new Date(ms).toISOString();

/** The stored form of an event: its exact body, due now. */
export function eventWrite(event: WebhookEvent): EventWrite {
  return {
    eventId: event.id,
    eventType: event.type,
    graph: event.graph,
    variant: event.variant,
    payload: JSON.stringify(event),
    dueAt: iso(Date.now()),
  };
}

export class WebhookDispatcher {
  readonly #db: Database;
  readonly #logger: Logger | undefined;
  readonly #options: WebhookOptions;
  readonly #policy: WebhookTargetPolicy;
  readonly #secrets: SecretBox;
  readonly #stop = new AbortController();
  readonly #pending = new Set<Promise<unknown>>();
  readonly #inFlight = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | null = null;
  #again = false;
  #started = false;

  constructor(
    db: Database,
    logger: Logger | undefined,
    options: WebhookOptions,
    policy: WebhookTargetPolicy,
    secrets: SecretBox,
  ) {
    this.#db = db;
    this.#logger = logger;
    this.#options = options;
    this.#policy = policy;
    this.#secrets = secrets;
  }

  /** How signing secrets are stored (sealed when a key is configured). */
  get secrets(): SecretBox {
    return this.#secrets;
  }

  get policy(): WebhookTargetPolicy {
    return this.#policy;
  }

  get options(): WebhookOptions {
    return this.#options;
  }

  /** Starts the worker: deliveries left pending by an earlier run are due again now (or when their lease ends). */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.wake();
  }

  /** Queues the event for every webhook subscribed to it; never throws, never waits. */
  emit(event: WebhookEvent | null | undefined): void {
    if (!event || this.#stop.signal.aborted) return;
    this.#track(
      insertEventDeliveries(this.#db, eventWrite(event)).then(
        (count) => {
          if (count > 0) this.wake();
        },
        (error: unknown) =>
          this.#logger?.warn(
            { err: error, eventId: event.id, eventType: event.type },
            'webhooks: could not queue an event',
          ),
      ),
    );
  }

  /** Queues the event for one webhook whatever it subscribed to (a test ping); the delivery id. */
  async enqueueFor(webhookId: string, event: WebhookEvent): Promise<string> {
    const id = await insertDelivery(this.#db, webhookId, {
      eventId: event.id,
      eventType: event.type,
      payload: JSON.stringify(event),
      dueAt: iso(Date.now()),
    });
    this.wake();
    return id;
  }

  /** Looks for due deliveries now. */
  wake(): void {
    if (!this.#started || this.#stop.signal.aborted) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    const run = this.#run().finally(() => {
      if (this.#running === run) this.#running = null;
      // A wake between the run's last look and its end.
      if (this.#again) this.wake();
    });
    this.#running = run;
  }

  /** Stops the worker: attempts under way are aborted and given back (due again at the next start), not logged. */
  async stop(): Promise<void> {
    this.#stop.abort(new Error('the registry is stopping'));
    clearTimeout(this.#timer);
    await this.#running;
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  #track(promise: Promise<unknown>): void {
    this.#pending.add(promise);
    void promise.finally(() => this.#pending.delete(promise));
  }

  async #run(): Promise<void> {
    clearTimeout(this.#timer);
    try {
      do {
        this.#again = false;
        const free = this.#options.concurrency - this.#inFlight.size;
        if (free <= 0) return; // a finishing attempt wakes the worker
        const now = Date.now();
        const claimed = await claimDueDeliveries(
          this.#db,
          iso(now),
          iso(now + this.#options.attemptTimeoutMs + LEASE_MARGIN_MS),
          free,
        );
        for (const delivery of claimed) this.#attempt(delivery);
        if (claimed.length === free) this.#again = true;
        // A wake during the scheduling query (an event stored meanwhile) claims again rather than wait for the timer.
        else await this.#schedule();
      } while (this.#again && !this.#stop.signal.aborted);
    } catch (error) {
      if (this.#stop.signal.aborted) return;
      this.#logger?.warn({ err: error }, 'webhooks: the worker could not read its queue');
      this.#arm(this.#options.pollIntervalMs);
    }
  }

  async #schedule(): Promise<void> {
    if (this.#stop.signal.aborted) return;
    const due = await nextDueAt(this.#db);
    const wait = due === null ? this.#options.pollIntervalMs : due.getTime() - Date.now();
    this.#arm(Math.min(this.#options.pollIntervalMs, Math.max(MIN_WAIT_MS, wait)));
  }

  #arm(ms: number): void {
    if (this.#stop.signal.aborted) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.wake(), ms);
    this.#timer.unref();
  }

  #attempt(delivery: ClaimedDelivery): void {
    this.#inFlight.add(delivery.id);
    this.#track(
      this.#deliver(delivery)
        .catch((error: unknown) =>
          this.#logger?.warn({ err: error, deliveryId: delivery.id }, 'webhooks: could not log an attempt'),
        )
        .finally(() => {
          this.#inFlight.delete(delivery.id);
          this.wake();
        }),
    );
  }

  async #deliver(delivery: ClaimedDelivery): Promise<void> {
    const attempt = delivery.attempts + 1;
    const startedAt = Date.now();
    const secret = this.#secrets.open(delivery.secret, delivery.webhookId);
    // An unopenable secret fails the attempt (retried: the key may be configured by the next start).
    const result = !secret.ok
      ? {
          status: null,
          error: `cannot sign: ${secret.problem}`,
          retryable: true,
          stopped: false,
          durationMs: 0,
        }
      : await sendAttempt(this.#policy, {
          url: delivery.url,
          body: delivery.payload,
          secret: secret.secret,
          eventId: delivery.eventId,
          eventType: delivery.eventType,
          deliveryId: delivery.id,
          attempt,
          timeoutMs: this.#options.attemptTimeoutMs,
          stop: this.#stop.signal,
        });
    if (result.stopped) {
      await releaseDelivery(this.#db, delivery.id, iso(Date.now()));
      return;
    }
    const outcome = outcomeOf(result);
    const next =
      outcome === 'retry' && attempt < this.#options.maxAttempts
        ? {
            status: 'pending' as const,
            nextAttemptAt: iso(
              Date.now() +
                retryDelayMs(
                  { baseDelayMs: this.#options.retryBaseMs, maxDelayMs: this.#options.retryMaxMs },
                  attempt,
                ),
            ),
          }
        : { status: outcome === 'delivered' ? ('delivered' as const) : ('failed' as const) };
    await recordAttempt(
      this.#db,
      delivery.id,
      {
        attempt,
        startedAt: iso(startedAt),
        durationMs: result.durationMs,
        statusCode: result.status,
        error: result.error,
      },
      next,
    );
    const log = {
      webhookId: delivery.webhookId,
      deliveryId: delivery.id,
      eventType: delivery.eventType,
      attempt,
      status: result.status,
      error: result.error,
      durationMs: result.durationMs,
      next: next.status,
    };
    if (next.status === 'delivered') this.#logger?.debug(log, 'webhooks: delivered');
    else this.#logger?.warn(log, `webhooks: attempt ${attempt} failed`);
  }
}
