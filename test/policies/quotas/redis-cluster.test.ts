// The consume script on Redis Cluster: both keys of a client hash to one slot (the `{graph:client}` tag), so the
// script runs; a script over two untagged keys is refused with CROSSSLOT, which is what the tag prevents.
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { quotaKeys } from '../../../policies/quotas/quota-keys.js';
import { RedisQuotaStore } from '../../../policies/quotas/redis-store.js';
import {
  describeWithRedis,
  inspector,
  startRedisServer,
  type RedisServerProcess,
} from '../../helpers/redis.js';
import { waitFor } from '../../helpers/wait.js';

describeWithRedis(
  'RedisQuotaStore on Redis Cluster',
  () => {
    let cluster: Cluster;
    let store: RedisQuotaStore;
    let server: RedisServerProcess | undefined;
    beforeAll(async () => {
      // A node alone does not know its address (it learns it from peers): announce it.
      server = await startRedisServer([
        ...['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'],
        ...['--cluster-announce-ip', '127.0.0.1'],
      ]);
      const admin = inspector(server.url);
      await admin.connect();
      await admin.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
      await waitFor(
        async () =>
          ((await admin.call('CLUSTER', 'INFO')) as string).includes('cluster_state:ok') || undefined,
        {
          what: 'the one-node cluster',
        },
      );
      admin.disconnect();
      cluster = new Cluster([{ host: '127.0.0.1', port: server.port }], {
        lazyConnect: true,
        enableOfflineQueue: false,
        // ioredis's cluster ready check goes through the offline queue; without it, it never becomes ready.
        enableReadyCheck: false,
        redisOptions: { maxRetriesPerRequest: 0, autoResendUnfulfilledCommands: false },
      });
      store = new RedisQuotaStore({ client: cluster, timeoutMs: 5_000 });
    });
    afterAll(async () => {
      await store?.close();
      cluster?.disconnect();
      await server?.stop();
    });

    it('checks and charges both limits of a client in one script call', async () => {
      const request = {
        subject: { graph: 'shop', client: 'web' },
        rate: { requests: 2, windowSeconds: 60 },
        budget: { points: 100, windowSeconds: 60 },
        cost: 60,
      };
      expect(await store.consume(request)).toMatchObject({
        status: 'allowed',
        degraded: false,
        budget: { remaining: 40 },
      });
      expect(await store.consume(request)).toMatchObject({
        status: 'refused',
        refusedBy: 'budget',
        degraded: false,
      });
      expect(store.stats).toMatchObject({ redis: 2, local: 0, errors: 0 });

      const keys = quotaKeys('atrium:quota:', request.subject);
      const [rateSlot, budgetSlot] = await Promise.all([
        cluster.call('CLUSTER', 'KEYSLOT', keys.rate),
        cluster.call('CLUSTER', 'KEYSLOT', keys.budget),
      ]);
      expect(rateSlot).toBe(budgetSlot);
      await expect(
        cluster.eval("return redis.call('GET', KEYS[1])", 2, 'atrium:quota:a', 'atrium:quota:b'),
      ).rejects.toThrow(/CROSSSLOT/);
    });
  },
  { needsRedisServer: true },
);
