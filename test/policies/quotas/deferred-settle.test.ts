/**
 * Settling without a round trip of its own (RedisQuotaStore.settle): a settlement waits for its subject's next
 * check and rides in the same script call; an idle subject's is sent within `settleFlushMs`, and `close()` (the
 * hub's stop) sends what is left. On real Redis, in a real hub with the real OpenID Provider.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubConfigInput } from '../../../hub/config/load-hub-config.js';
import { RedisQuotaStore } from '../../../policies/quotas/redis-store.js';
import { sleep, startAuthStack, trustIssuer, type AuthStack } from '../../helpers/hub.js';
import { startTestIssuer, type TestIssuer } from '../../helpers/oidc-provider.js';
import { limitFields } from '../../helpers/rate-limit-fields.js';
import { deleteKeys, describeWithRedis, TEST_REDIS_URL, uniqueKeyPrefix } from '../../helpers/redis.js';

/** Asks for 20 products: the estimate counts 20, the example catalogue has fewer, so the actual cost is lower. */
const WIDE_QUERY = '{ topProducts(first: 20) { upc name } }';
const budget = { points: 100, windowSeconds: 3_600 }; // nothing refills while a test runs (36 s per point)

describeWithRedis('RedisQuotaStore.settle', () => {
  const prefix = uniqueKeyPrefix();
  const stores: RedisQuotaStore[] = [];
  function store(settleFlushMs?: number): RedisQuotaStore {
    const created = new RedisQuotaStore({
      url: TEST_REDIS_URL,
      keyPrefix: prefix,
      timeoutMs: 5_000,
      settleFlushMs,
    });
    stores.push(created);
    return created;
  }
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await deleteKeys(prefix);
  });
  const consume = (quotas: RedisQuotaStore, client: string, cost: number) =>
    quotas.consume({ subject: { graph: 'shop', client }, rate: null, budget, cost });

  it("sends a refund with the subject's next check: one script call per request, the refund in its remaining", async () => {
    const quotas = store(60_000);
    expect(await consume(quotas, 'next', 30)).toMatchObject({ budget: { remaining: 70 } });
    quotas.settle({ subject: { graph: 'shop', client: 'next' }, budget, delta: -20 });
    quotas.settle({ subject: { graph: 'shop', client: 'next' }, budget, delta: 5 }); // summed: −15
    expect(quotas.pendingSettlements).toBe(1);
    expect(await consume(quotas, 'next', 10)).toMatchObject({ budget: { remaining: 75 } }); // 70 + 15 − 10
    expect(quotas.pendingSettlements).toBe(0);
    expect(quotas.stats.redis).toBe(2); // two requests, two calls: no call of its own for the settlement
  });

  it('never gives back more than was spent, and a further charge may put the budget in debt', async () => {
    const quotas = store(60_000);
    await consume(quotas, 'bounds', 10);
    quotas.settle({ subject: { graph: 'shop', client: 'bounds' }, budget, delta: -50 });
    expect(await consume(quotas, 'bounds', 0)).toMatchObject({ budget: { remaining: 100 } });
    await consume(quotas, 'bounds', 90);
    quotas.settle({ subject: { graph: 'shop', client: 'bounds' }, budget, delta: 40 }); // 130 spent of 100
    const refused = await consume(quotas, 'bounds', 1);
    expect(refused).toMatchObject({ status: 'refused', refusedBy: 'budget', budget: { remaining: 0 } });
    // The charge was applied although the request was refused: 30 in debt, plus 1 more, before one fits.
    expect(refused.status === 'refused' && refused.retryAfterSeconds).toBe(31 * 36);
  });

  it('sends the settlement of an idle subject within settleFlushMs: another hub sees it', async () => {
    const [quotas, other] = [store(30), store()];
    await consume(quotas, 'idle', 40);
    quotas.settle({ subject: { graph: 'shop', client: 'idle' }, budget, delta: -25 });
    await sleep(300);
    expect(quotas.pendingSettlements).toBe(0);
    expect(await consume(other, 'idle', 0)).toMatchObject({ budget: { remaining: 85 } });
  });

  it('sends the pending settlements on close(): another store instance sees them', async () => {
    const [quotas, other] = [store(60_000), store()];
    await consume(quotas, 'closing', 30);
    quotas.settle({ subject: { graph: 'shop', client: 'closing' }, budget, delta: -20 });
    expect(await consume(other, 'closing', 0)).toMatchObject({ budget: { remaining: 70 } }); // not sent yet
    await quotas.close();
    expect(await consume(other, 'closing', 0)).toMatchObject({ budget: { remaining: 90 } });
  });
});

describeWithRedis('quotas on Redis in a hub: the settlement of one request in the next one', () => {
  let issuer: TestIssuer;
  let stack: AuthStack;
  const keyPrefix = uniqueKeyPrefix();
  const config = (): Partial<HubConfigInput> => ({
    auth: { issuers: [trustIssuer(issuer)] },
    cost: { expose: { headers: true } },
    clients: {
      records: [
        { id: 'budgeted', recognition: { kind: 'client-id', clientIds: ['budget-app'] }, budget },
        { id: 'default', rate: { requests: 500, windowSeconds: 60 }, budget: null },
        { id: 'anonymous', rate: { requests: 50, windowSeconds: 60 }, budget: null },
      ] as unknown as NonNullable<HubConfigInput['clients']>['records'],
    },
    quotas: { store: { kind: 'redis', url: TEST_REDIS_URL, keyPrefix } },
  });
  beforeAll(async () => {
    issuer = await startTestIssuer();
    stack = await startAuthStack(config());
  });
  afterAll(async () => {
    await stack?.close();
    await issuer?.close();
    await deleteKeys(keyPrefix);
  });

  describe('one hub', () => {
    it("refunds the first operation's overestimate in the second one's RateLimit remaining", async () => {
      const token = await issuer.signToken({
        ...issuer.accessTokenClaims(),
        azp: 'budget-app',
        client_id: 'budget-app',
      });
      const first = await stack.query(WIDE_QUERY, { token });
      expect(first.status).toBe(200);
      const estimated = Number(first.headers.get('x-atrium-cost-estimated'));
      const actual = Number(first.headers.get('x-atrium-cost-actual'));
      expect(actual).toBeLessThan(estimated);
      expect(limitFields(first.headers).limit.budget?.r).toBe(100 - estimated);
      const second = await stack.query(WIDE_QUERY, { token });
      expect(limitFields(second.headers).limit.budget?.r).toBe(100 - actual - estimated);
    });
  });
});
