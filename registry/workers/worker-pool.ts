import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { RegistryErrors } from '../errors.js';
import { WORKER_READY, type WorkerReply, type WorkerRequest } from './worker-protocol.js';
import type { WorkerScript } from './worker-script.js';

/**
 * Two lanes: writes (publishes and deletes, already one at a time per variant) go ahead of checks, and are never
 * refused for a full queue, so a burst of checks cannot starve or refuse them.
 */
export type Lane = 'write' | 'check';

export interface WorkerPoolOptions {
  readonly script: WorkerScript;
  /** Worker threads, started on demand. */
  readonly size: number;
  /** Checks waiting beyond this are refused with REGISTRY_BUSY. */
  readonly queueLimit: number;
  /** A task running longer is stopped (its worker terminated and replaced): SCHEMA_WORK_TIMEOUT. */
  readonly taskTimeoutMs: number;
  readonly logger?: Logger | undefined;
}

interface Job {
  readonly task: unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Slot {
  worker: Worker | null;
  /** The worker has loaded its modules and can take a task. */
  ready: boolean;
  job: (Job & { id: number; started: number; timer: NodeJS.Timeout | null }) | null;
}

/**
 * A bounded pool of worker threads with a bounded queue (the work is CPU-bound and synchronous: on the main
 * thread it would stop every other request). Hand-written rather than piscina: it needs two priority lanes,
 * refusal by lane, a per-task deadline that replaces a stuck worker, and `unref` while idle so that an unclosed
 * registry does not keep a process alive; the whole of it is this file.
 */
export class WorkerPool<T, R> {
  readonly #options: WorkerPoolOptions;
  readonly #slots: Slot[];
  readonly #queues: Record<Lane, Job[]> = { write: [], check: [] };
  #nextId = 1;
  #closed = false;
  /** Moving average of task durations, for Retry-After. */
  #averageMs = 1_000;

  constructor(options: WorkerPoolOptions) {
    this.#options = options;
    this.#slots = Array.from({ length: options.size }, () => ({ worker: null, ready: false, job: null }));
  }

  run(task: T, lane: Lane): Promise<R> {
    if (this.#closed) return Promise.reject(new Error('the schema worker pool is closed'));
    if (lane === 'check' && this.queued() >= this.#options.queueLimit) {
      return Promise.reject(
        RegistryErrors.REGISTRY_BUSY.create({ retryAfterSeconds: this.retryAfterSeconds() }),
      );
    }
    return new Promise<R>((resolve, reject) => {
      this.#queues[lane].push({ task, resolve, reject });
      this.#dispatch();
    });
  }

  /** Tasks waiting for a worker. */
  queued(): number {
    return this.#queues.write.length + this.#queues.check.length;
  }

  /** Tasks running now. */
  running(): number {
    return this.#slots.filter((slot) => slot.job).length;
  }

  /** How long a task queued now would roughly wait, in whole seconds (1 to 60). */
  retryAfterSeconds(): number {
    const rounds = (this.queued() + this.running()) / this.#slots.length;
    return Math.min(60, Math.max(1, Math.ceil((rounds * this.#averageMs) / 1_000)));
  }

  async close(): Promise<void> {
    this.#closed = true;
    const closing = new Error('the registry is closing');
    for (const job of [...this.#queues.write.splice(0), ...this.#queues.check.splice(0)]) job.reject(closing);
    await Promise.all(
      this.#slots.map(async (slot) => {
        const { worker, job } = slot;
        slot.worker = null;
        slot.job = null;
        if (job) {
          if (job.timer) clearTimeout(job.timer);
          job.reject(closing);
        }
        if (worker) await worker.terminate();
      }),
    );
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (slot.job) continue;
      const next = this.#queues.write.shift() ?? this.#queues.check.shift();
      if (!next) return;
      this.#start(slot, next);
    }
  }

  #start(slot: Slot, job: Job): void {
    const worker = (slot.worker ??= this.#spawn(slot));
    slot.job = { ...job, id: this.#nextId++, started: performance.now(), timer: null };
    worker.ref();
    if (slot.ready) this.#post(slot, worker);
  }

  /** Hands the slot's job to its worker and starts the job's deadline. */
  #post(slot: Slot, worker: Worker): void {
    const job = slot.job;
    if (!job) return;
    job.started = performance.now();
    job.timer = setTimeout(() => this.#timeOut(slot, job.id), this.#options.taskTimeoutMs);
    worker.postMessage({ id: job.id, task: job.task } satisfies WorkerRequest<unknown>);
  }

  #spawn(slot: Slot): Worker {
    const { url, execArgv } = this.#options.script;
    const worker = new Worker(url, execArgv ? { execArgv } : {});
    slot.ready = false;
    worker.on('message', (reply: WorkerReply<R> | typeof WORKER_READY) => {
      if (slot.worker !== worker) return;
      if (reply === WORKER_READY) {
        slot.ready = true;
        this.#post(slot, worker);
        return;
      }
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      this.#finish(slot, job);
      if (reply.ok) job.resolve(reply.value);
      else job.reject(Object.assign(new Error(reply.error.message), { stack: reply.error.stack }));
    });
    const fail = (error: Error): void => {
      if (slot.worker !== worker) return;
      slot.worker = null;
      const job = slot.job;
      this.#options.logger?.error({ err: error }, 'a schema worker failed; it is replaced');
      if (job) {
        this.#finish(slot, job);
        job.reject(error);
      }
      this.#dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a schema worker exited with code ${code}`)));
    return worker;
  }

  #finish(slot: Slot, job: NonNullable<Slot['job']>): void {
    if (job.timer) clearTimeout(job.timer);
    this.#averageMs = 0.8 * this.#averageMs + 0.2 * (performance.now() - job.started);
    slot.job = null;
    slot.worker?.unref();
    // Settling the job's promise happens after this returns; the next task can start right away.
    queueMicrotask(() => this.#dispatch());
  }

  #timeOut(slot: Slot, id: number): void {
    const job = slot.job;
    const worker = slot.worker;
    if (!job || job.id !== id) return;
    this.#options.logger?.warn(
      { timeoutMs: this.#options.taskTimeoutMs },
      'a schema task timed out; its worker is replaced',
    );
    slot.worker = null;
    this.#finish(slot, job);
    job.reject(RegistryErrors.SCHEMA_WORK_TIMEOUT.create({ timeoutMs: this.#options.taskTimeoutMs }));
    void worker?.terminate();
  }
}
