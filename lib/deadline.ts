/**
 * A deadline for one outbound call that cannot be collected away.
 *
 * Node 20's `AbortSignal.timeout` keeps its signal only weakly (so that an unobserved signal can be collected),
 * and `AbortSignal.any` keeps its sources only weakly: a composite of a stop signal and a timeout signal loses
 * its timeout at the next garbage collection, and a call to a server that accepts the connection but never
 * answers then waits forever. A `Deadline` is an `AbortController` aborted by a plain `setTimeout`: the timer
 * holds the controller strongly until it fires or `clear()` is called, whatever the caller still references.
 *
 * No dependency on the hub, the registry or the CLI: every one of them imports it.
 */

/** The abort reason of an expired deadline. Named `TimeoutError` like the reason of `AbortSignal.timeout`. */
export class DeadlineExceededError extends Error {
  override readonly name = 'TimeoutError';

  constructor(readonly timeoutMs: number) {
    super(`no complete answer within ${timeoutMs} ms`);
  }
}

export interface Deadline {
  /** Aborted when the time is up (reason: `DeadlineExceededError`) or when the parent aborts (its reason). */
  readonly signal: AbortSignal;
  /** Stops the timer and unlinks the parent. Call it once the call is over, whichever way it ended. */
  readonly clear: () => void;
}

export interface DeadlineOptions {
  /** A signal that aborts the call early (a source being stopped, a caller's own signal). */
  readonly parent?: AbortSignal | null | undefined;
}

export function startDeadline(timeoutMs: number, { parent }: DeadlineOptions = {}): Deadline {
  const controller = new AbortController();
  const onParentAbort = (): void => {
    controller.abort(parent?.reason);
    clear();
  };
  const timer = setTimeout(() => {
    controller.abort(new DeadlineExceededError(timeoutMs));
    clear();
  }, timeoutMs);
  function clear(): void {
    clearTimeout(timer);
    parent?.removeEventListener('abort', onParentAbort);
  }
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  return { signal: controller.signal, clear };
}
