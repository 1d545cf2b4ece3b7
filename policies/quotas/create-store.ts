import { MemoryQuotaStore } from './memory-store.js';
import type { QuotaStoreOptions } from './options.js';
import type { QuotaStore } from './quota-store.js';
import { RedisQuotaStore, type QuotaStoreErrorContext } from './redis-store.js';

export interface QuotaStoreHooks {
  /** Failures of the shared store (Redis): the policy logs and counts them. */
  readonly onError?: ((error: Error, context: QuotaStoreErrorContext) => void) | undefined;
}

/** The store the validated options describe. */
export function createQuotaStore(options: QuotaStoreOptions, hooks: QuotaStoreHooks = {}): QuotaStore {
  switch (options.kind) {
    case 'memory':
      return new MemoryQuotaStore({ maxEntries: options.maxEntries });
    case 'redis':
      return new RedisQuotaStore({
        url: options.url,
        keyPrefix: options.keyPrefix,
        timeoutMs: options.timeoutMs,
        failure: options.failure,
        unavailableRetryAfterSeconds: options.unavailableRetryAfterSeconds,
        retryIntervalMs: options.retryIntervalMs,
        socketTimeoutMs: options.socketTimeoutMs,
        connectTimeoutMs: options.connectTimeoutMs,
        maxReconnectDelayMs: options.maxReconnectDelayMs,
        fallback: { maxEntries: options.fallbackMaxEntries },
        onError: hooks.onError,
      });
  }
}
