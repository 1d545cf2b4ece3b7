import type { ServerResponse } from 'node:http';

/** Counts requests being served, so shutdown can wait for them. */
export class InFlightRequests {
  #count = 0;
  #waiters: (() => void)[] = [];

  get count(): number {
    return this.#count;
  }

  track(res: ServerResponse): void {
    this.#count += 1;
    res.once('close', this.#done);
  }

  /** Resolves when no request is in flight. */
  idle(): Promise<void> {
    if (this.#count === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  readonly #done = (): void => {
    this.#count -= 1;
    if (this.#count === 0) {
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const resolve of waiters) resolve();
    }
  };
}
