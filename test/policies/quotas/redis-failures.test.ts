// RedisQuotaStore when Redis is down, silent or killed: every call settles within its deadline (also across
// garbage collections), `failOpen` decides locally and says so, `failClosed` answers `unavailable`, and the store
// uses Redis again once it is back, without a restart. Unhandled rejections would fail these tests (vitest).
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ConsumeRequest, ConsumeResult } from '../../../policies/quotas/quota-store.js';
import {
  RedisQuotaStore,
  type QuotaFailureMode,
  type QuotaStoreErrorContext,
} from '../../../policies/quotas/redis-store.js';
import { whileCollectingGarbage, within } from '../../helpers/gc.js';
import { startHangingServer } from '../../helpers/hanging-server.js';
import {
  deleteKeys,
  describeWithRedis,
  freePort,
  startCuttableProxy,
  startRedisServer,
  uniqueKeyPrefix,
} from '../../helpers/redis.js';
import { waitFor } from '../../helpers/wait.js';

/** Generous: the deadline is 50 ms; this only says "it did not hang". */
const SETTLES_WITHIN_MS = 3_000;

const prefix = uniqueKeyPrefix();

/** Two requests per hour: nothing refills while a test runs. */
const request = (client: string): ConsumeRequest => ({
  subject: { graph: 'outage', client },
  rate: { requests: 2, windowSeconds: 3_600 },
  budget: null,
  cost: 0,
});

interface Recorded {
  store: RedisQuotaStore;
  errors: { error: Error; context: QuotaStoreErrorContext }[];
}

const opened: RedisQuotaStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

function storeAt(url: string, failure: QuotaFailureMode, extra: { socketTimeoutMs?: number } = {}): Recorded {
  const errors: Recorded['errors'] = [];
  const store = new RedisQuotaStore({
    url,
    failure,
    timeoutMs: 50,
    retryIntervalMs: 100,
    maxReconnectDelayMs: 200,
    keyPrefix: prefix,
    onError: (error, context) => errors.push({ error, context }),
    ...extra,
  });
  opened.push(store);
  return { store, errors };
}

/** The call's answer; throws when it has not settled in time. `collect`: force garbage collections meanwhile. */
async function settled(promise: Promise<ConsumeResult>, { collect = true } = {}): Promise<ConsumeResult> {
  const result = await within(collect ? whileCollectingGarbage(promise) : promise, SETTLES_WITHIN_MS);
  if (result === undefined) throw new Error(`the call did not settle within ${SETTLES_WITHIN_MS} ms`);
  return result;
}

/** Requests every 20 ms until stopped; returns what they answered, in order. */
function traffic(store: RedisQuotaStore, client: string) {
  const results: ConsumeResult[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      results.push(await settled(store.consume(request(client)), { collect: false }));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    results,
    async stop() {
      running = false;
      await loop;
    },
  };
}

const isDegraded = (result: ConsumeResult) => result.status !== 'unavailable' && result.degraded;
const fromRedis = (result: ConsumeResult) => result.status !== 'unavailable' && !result.degraded;

describe('RedisQuotaStore without a Redis', () => {
  it('failOpen: a refused connection is decided and counted locally, within the deadline', async () => {
    const { store, errors } = storeAt(`redis://127.0.0.1:${await freePort()}`, 'failOpen');
    const first = await settled(store.consume(request('refused-port')));
    expect(first).toMatchObject({ status: 'allowed', degraded: true, rate: { remaining: 1 } });
    expect((await settled(store.consume(request('refused-port')))).status).toBe('allowed');
    // The local count enforces the limit too.
    expect(await settled(store.consume(request('refused-port')))).toMatchObject({
      status: 'refused',
      refusedBy: 'rate',
      degraded: true,
    });
    expect(store.stats).toMatchObject({ redis: 0, local: 3, unavailable: 0 });
    expect(errors.find((e) => e.context.operation === 'consume')?.context).toEqual({
      operation: 'consume',
      outcome: 'local',
    });
    const adjusted = await store.adjust({
      ...request('refused-port'),
      budget: { points: 10, windowSeconds: 1 },
      delta: 3,
    });
    expect(adjusted).toMatchObject({ status: 'adjusted', degraded: true, budget: { remaining: 7 } });
  });

  it('failClosed: a refused connection is `unavailable` with Retry-After, within the deadline', async () => {
    const { store, errors } = storeAt(`redis://127.0.0.1:${await freePort()}`, 'failClosed');
    const result = await settled(store.consume(request('closed')));
    expect(result).toMatchObject({ status: 'unavailable', retryAfterSeconds: 1 });
    expect(store.stats).toMatchObject({ redis: 0, local: 0, unavailable: 1 });
    expect(errors.some((e) => e.context.outcome === 'unavailable')).toBe(true);
    expect(
      await store.adjust({ ...request('closed'), budget: { points: 10, windowSeconds: 1 }, delta: 3 }),
    ).toMatchObject({
      status: 'unavailable',
    });
  });

  for (const failure of ['failOpen', 'failClosed'] as const) {
    it(`${failure}: a server that accepts the connection and never answers is given up after the deadline`, async () => {
      const silent = await startHangingServer('silent');
      try {
        const { store, errors } = storeAt(silent.url.replace('http:', 'redis:'), failure);
        const first = await settled(store.consume(request(`silent-${failure}`)));
        if (failure === 'failOpen') expect(first).toMatchObject({ status: 'allowed', degraded: true });
        else expect(first).toMatchObject({ status: 'unavailable', retryAfterSeconds: 1 });
        // Once the connection is accepted (and its handshake unanswered), a call waits for its deadline only.
        await waitFor(() => (silent.connections > 0 ? true : undefined), { what: 'the connection' });
        await new Promise((resolve) => setTimeout(resolve, 150)); // past retryIntervalMs
        const second = await settled(store.consume(request(`silent-${failure}`)));
        expect(second.status).toBe(failure === 'failOpen' ? 'allowed' : 'unavailable');
        expect(errors.at(-1)?.error.message).toBe('no complete answer within 50 ms');
        expect(errors.at(-1)?.context.operation).toBe('consume');
      } finally {
        await silent.close();
      }
    });
  }
});

describeWithRedis('RedisQuotaStore when Redis goes away and comes back', () => {
  afterAll(() => deleteKeys(prefix));

  it('a Redis that stops answering mid-connection: failOpen within the deadline, Redis again once it answers', async () => {
    const proxy = await startCuttableProxy();
    try {
      const { store } = storeAt(proxy.url, 'failOpen', { socketTimeoutMs: 300 });
      expect(await store.connect(5_000)).toBe(true);
      expect(await settled(store.consume(request('frozen')))).toMatchObject({
        status: 'allowed',
        degraded: false,
      });
      proxy.freeze();
      const during = await settled(store.consume(request('frozen')));
      expect(during).toMatchObject({ status: 'allowed', degraded: true });
      // The connection that stopped answering is dropped (socketTimeoutMs) and the store keeps trying.
      await waitFor(() => (proxy.connections > 1 ? true : undefined), { what: 'a reconnection attempt' });
      proxy.thaw();
      let attempt = 0;
      const back = await waitFor(
        async () => {
          // A new client each time: a call that timed out may still have been counted by Redis.
          attempt += 1;
          const result = await settled(store.consume(request(`frozen-after-${attempt}`)));
          return fromRedis(result) ? result : undefined;
        },
        { what: 'a decision by Redis after it answers again' },
      );
      expect(back.status).toBe('allowed');
    } finally {
      await proxy.close();
    }
  });

  it('starts without Redis and uses it once it appears', async () => {
    const proxy = await startCuttableProxy();
    await proxy.cut();
    try {
      const { store } = storeAt(proxy.url, 'failOpen');
      expect(isDegraded(await settled(store.consume(request('late'))))).toBe(true);
      await proxy.restore();
      await waitFor(
        async () => (fromRedis(await settled(store.consume(request('late-2')))) ? true : undefined),
        {
          what: 'the first decision by Redis',
        },
      );
    } finally {
      await proxy.close();
    }
  });

  for (const failure of ['failOpen', 'failClosed'] as const) {
    it(`${failure}: Redis cut mid-traffic, then back: no call hangs, and Redis decides again`, async () => {
      const proxy = await startCuttableProxy();
      try {
        const { store } = storeAt(proxy.url, failure);
        const run = traffic(store, `cut-${failure}`);
        await waitFor(() => (run.results.some(fromRedis) ? true : undefined), {
          what: 'traffic through Redis',
        });
        await proxy.cut();
        const cutAt = run.results.length;
        const outage = (result: ConsumeResult) =>
          failure === 'failOpen' ? isDegraded(result) : result.status === 'unavailable';
        await waitFor(() => (run.results.slice(cutAt).filter(outage).length >= 3 ? true : undefined), {
          what: 'decisions during the outage',
        });
        await proxy.restore();
        const restoredAt = run.results.length;
        await waitFor(() => (run.results.slice(restoredAt).some(fromRedis) ? true : undefined), {
          what: 'Redis deciding again',
        });
        await run.stop();
        // Before the cut Redis counted 2 requests of this client: the limit. They are still there.
        expect(
          run.results
            .slice(restoredAt)
            .filter(fromRedis)
            .every((r) => r.status === 'refused'),
        ).toBe(true);
      } finally {
        await proxy.close();
      }
    });
  }
});

describeWithRedis(
  'RedisQuotaStore when its redis-server is killed and started again',
  () => {
    for (const failure of ['failOpen', 'failClosed'] as const) {
      it(`${failure}: killed mid-traffic, started again: Redis decides again, starting from empty`, async () => {
        const server = await startRedisServer();
        try {
          const { store } = storeAt(server.url, failure);
          const run = traffic(store, `killed-${failure}`);
          await waitFor(() => (run.results.filter(fromRedis).length >= 3 ? true : undefined), {
            what: 'traffic through Redis',
          });
          await server.kill();
          const killedAt = run.results.length;
          const outage = (result: ConsumeResult) =>
            failure === 'failOpen' ? isDegraded(result) : result.status === 'unavailable';
          await waitFor(() => (run.results.slice(killedAt).some(outage) ? true : undefined), {
            what: 'decisions without Redis',
          });
          await server.start();
          const startedAt = run.results.length;
          await waitFor(() => (run.results.slice(startedAt).some(fromRedis) ? true : undefined), {
            what: 'Redis deciding again',
            timeoutMs: 15_000,
          });
          await run.stop();
          // Before the kill this client had used its 2 requests; the new server holds nothing, so it allows again.
          const afterStart = run.results.slice(startedAt).filter(fromRedis);
          expect(afterStart.some((result) => result.status === 'allowed')).toBe(true);
        } finally {
          await server.stop();
        }
      });
    }
  },
  { needsRedisServer: true },
);
