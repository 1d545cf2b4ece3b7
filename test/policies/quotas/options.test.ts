// The quotas' options: defaults, validation of the store, and the store they create.
import { describe, expect, it } from 'vitest';
import { createQuotaStore } from '../../../policies/quotas/create-store.js';
import { MemoryQuotaStore } from '../../../policies/quotas/memory-store.js';
import { quotasOptions } from '../../../policies/quotas/options.js';
import { RedisQuotaStore } from '../../../policies/quotas/redis-store.js';

describe('quotas options', () => {
  it('defaults to enforcing, counting in memory, settling the difference and headers on success', () => {
    expect(quotasOptions.parse({})).toEqual({
      mode: 'enforce',
      store: { kind: 'memory', maxEntries: 100_000 },
      settle: 'difference',
      headers: { onSuccess: true, rateName: 'rate', budgetName: 'budget' },
    });
  });

  it('fills the Redis store defaults: 50 ms, fail open', () => {
    expect(quotasOptions.parse({ store: { kind: 'redis', url: 'redis://cache:6379' } }).store).toEqual({
      kind: 'redis',
      url: 'redis://cache:6379',
      keyPrefix: 'atrium:quota:',
      timeoutMs: 50,
      failure: 'failOpen',
      unavailableRetryAfterSeconds: 1,
      retryIntervalMs: 250,
      socketTimeoutMs: 1_000,
      connectTimeoutMs: 2_000,
      maxReconnectDelayMs: 2_000,
      fallbackMaxEntries: 100_000,
    });
  });

  it('reports every problem with its path', () => {
    const result = quotasOptions.safeParse({
      mode: 'sometimes',
      store: { kind: 'redis', url: 'http://cache:6379', keyPrefix: 'a{b}', timeoutMs: 0, failure: 'maybe' },
      headers: { rateName: 'é' },
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.')).sort();
    expect(paths).toEqual([
      'headers.rateName',
      'mode',
      'store.failure',
      'store.keyPrefix',
      'store.timeoutMs',
      'store.url',
    ]);
  });

  it('creates the store the options describe', async () => {
    const memory = createQuotaStore(quotasOptions.parse({}).store);
    expect(memory).toBeInstanceOf(MemoryQuotaStore);
    const redis = createQuotaStore(
      quotasOptions.parse({ store: { kind: 'redis', url: 'redis://127.0.0.1:1' } }).store,
    );
    expect(redis).toBeInstanceOf(RedisQuotaStore);
    await Promise.all([memory.close(), redis.close()]);
  });
});
