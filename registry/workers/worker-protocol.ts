// The messages between the worker pool (worker-pool.ts) and a worker thread (schema-worker.ts).

/** What the pool posts to a worker, and what the worker posts back. */
export interface WorkerRequest<T> {
  readonly id: number;
  readonly task: T;
}
export type WorkerReply<R> =
  | { readonly id: number; readonly ok: true; readonly value: R }
  | { readonly id: number; readonly ok: false; readonly error: { message: string; stack: string } };
/** The first message of a worker, once its modules are loaded: task deadlines start only then. */
export const WORKER_READY = 'ready';
