// A separate process sharing a quota through Redis: `node --import <loader> quota-consumer.ts '<json>'` connects,
// prints `ready`, waits for a line on stdin, then runs `count` consumes (`concurrency` at a time) on one
// RedisQuotaStore and prints one JSON line with the totals.
import { once } from 'node:events';
import { RedisQuotaStore } from '../../policies/quotas/redis-store.js';
import type { BudgetLimit, RateLimit } from '../../lib/quota-limits.js';
import type { QuotaSubject } from '../../policies/quotas/quota-store.js';

interface Job {
  url: string;
  keyPrefix: string;
  subject: QuotaSubject;
  rate: RateLimit | null;
  budget: BudgetLimit | null;
  cost: number;
  count: number;
  concurrency: number;
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
const store = new RedisQuotaStore({ url: job.url, keyPrefix: job.keyPrefix, timeoutMs: 5_000 });
if (!(await store.connect(10_000))) throw new Error(`Redis at ${job.url} is not reachable`);
process.stdout.write('ready\n');
process.stdin.setEncoding('utf8');
await once(process.stdin, 'data');
const totals = { allowed: 0, refused: 0, unavailable: 0, degraded: 0 };
let started = 0;
async function worker(): Promise<void> {
  while (started < job.count) {
    started += 1;
    const result = await store.consume({
      subject: job.subject,
      rate: job.rate,
      budget: job.budget,
      cost: job.cost,
    });
    totals[result.status] += 1;
    if (result.status !== 'unavailable' && result.degraded) totals.degraded += 1;
  }
}
await Promise.all(Array.from({ length: job.concurrency }, worker));
await store.close();
process.stdout.write(`${JSON.stringify(totals)}\n`);
