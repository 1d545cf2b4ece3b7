// `npm run bench:quotas:cost`: what the quotas policy's store work costs per request, in the hub's process (CPU)
// and in Redis (its `used_cpu_*`), on the Redis at REDIS_URL: REQUESTS requests, CONCURRENCY in flight, each a
// `consume` (rate and budget) and a settlement of −3 (the bench query's actual cost is below its estimate).
// Ways compared, interleaved ROUNDS times (median per way):
//   - adjust: the settlement as its own script call after the request (before deferred settlement);
//   - settle: the settlement carried by the subject's next consume (`RedisQuotaStore.settle`): one call each;
//   - settle+autopipelining: the same on an ioredis client with `enableAutoPipelining`.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisQuotaStore } from '../../policies/quotas/redis-store.js';

const URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const prefix = `atrium-bench:${randomBytes(4).toString('hex')}:`;

type Way = 'adjust' | 'settle' | 'settle+autopipelining';
const WAYS: Way[] = ['adjust', 'settle', 'settle+autopipelining'];

const rate = { requests: 1_000_000, windowSeconds: 1 };
const budget = { points: 1_000_000, windowSeconds: 1 };

function clientFor(way: Way): Redis {
  return new Redis(URL, {
    enableOfflineQueue: true, // only for connecting here; the store's own client disables it
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    enableAutoPipelining: way === 'settle+autopipelining',
  });
}

async function redisCpuSeconds(admin: Redis): Promise<number> {
  const info = await admin.info('cpu');
  const read = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return read('used_cpu_user') + read('used_cpu_sys');
}

async function run(way: Way, admin: Redis): Promise<{ hubUs: number; redisUs: number; wallUs: number }> {
  const client = clientFor(way);
  await client.ping();
  const store = new RedisQuotaStore({ client, keyPrefix: prefix, timeoutMs: 1_000 });
  const subject = { graph: 'bench', client: way };
  const settlements = new Set<Promise<unknown>>();
  let started = 0;
  const redisBefore = await redisCpuSeconds(admin);
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (started < REQUESTS) {
        started += 1;
        await store.consume({ subject, rate, budget, cost: 10 });
        if (way === 'adjust') {
          const adjusting = store.adjust({ subject, budget, delta: -3 });
          settlements.add(adjusting);
          void adjusting.finally(() => settlements.delete(adjusting));
        } else {
          store.settle({ subject, budget, delta: -3 });
        }
      }
    }),
  );
  await Promise.all(settlements);
  await store.close();
  const cpu = process.cpuUsage(cpuBefore);
  const wallUs = ((performance.now() - wallBefore) * 1000) / REQUESTS;
  const redisUs = (((await redisCpuSeconds(admin)) - redisBefore) * 1e6) / REQUESTS;
  client.disconnect();
  return { hubUs: (cpu.user + cpu.system) / REQUESTS, redisUs, wallUs };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

const admin = new Redis(URL);
const results = new Map<Way, { hubUs: number[]; redisUs: number[]; wallUs: number[] }>(
  WAYS.map((way) => [way, { hubUs: [], redisUs: [], wallUs: [] }]),
);
await run('settle', admin); // warm-up (JIT, script cache)
for (let round = 0; round < ROUNDS; round++) {
  for (const way of [...WAYS.slice(round % WAYS.length), ...WAYS.slice(0, round % WAYS.length)]) {
    const measured = await run(way, admin);
    const kept = results.get(way);
    kept?.hubUs.push(measured.hubUs);
    kept?.redisUs.push(measured.redisUs);
    kept?.wallUs.push(measured.wallUs);
    console.log(
      `round ${round + 1} ${way.padEnd(22)} hub ${measured.hubUs.toFixed(1)} µs  redis ${measured.redisUs.toFixed(1)} µs  wall ${measured.wallUs.toFixed(1)} µs per request`,
    );
  }
}
console.log(`\n${REQUESTS} requests, ${CONCURRENCY} in flight, median of ${ROUNDS} rounds, per request:`);
for (const [way, r] of results) {
  console.log(
    `${way.padEnd(22)} hub CPU ${median(r.hubUs).toFixed(1)} µs  Redis CPU ${median(r.redisUs).toFixed(1)} µs  wall ${median(r.wallUs).toFixed(1)} µs`,
  );
}
const keys = await admin.keys(`${prefix}*`);
if (keys.length > 0) await admin.del(...keys);
admin.disconnect();
