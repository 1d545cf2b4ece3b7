/**
 * Forced garbage collections, for tests of what must survive one (deadlines). The test workers run with
 * `--expose-gc` (vitest.config.ts); without it these helpers throw rather than let a test pass untested.
 */

function collector(): () => void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') throw new Error('run the tests with --expose-gc (vitest.config.ts execArgv)');
  return gc;
}

/** Awaits `promise` while forcing a full garbage collection every `intervalMs`. */
export async function whileCollectingGarbage<T>(promise: Promise<T>, intervalMs = 25): Promise<T> {
  const gc = collector();
  gc();
  const timer = setInterval(gc, intervalMs);
  try {
    return await promise;
  } finally {
    clearInterval(timer);
  }
}

/** Settles with the value, or with `undefined` when `promise` has not settled within `ms`. */
export function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
