/** A promise with its resolve/reject at hand (`Promise.withResolvers` arrives with Node 22). */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: Error): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Rejection is only an answer for whoever awaits; with no one waiting it must not crash the process.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
