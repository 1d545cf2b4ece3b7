// `npm run bench:usage`: seeds a registry with 30 days of usage for a graph of 5,000 coordinates used by 100
// client versions (every coordinate by every version every day: 15 million daily rows, the worst case for one
// coordinate's report), plus hourly operation rows, then times the usage report of one coordinate over 30 days
// through the API (fastify `inject`, embedded PGlite on disk, or PostgreSQL with DATABASE_URL).
// Knobs: BENCH_USAGE_COORDINATES (5000), BENCH_USAGE_VERSIONS (100), BENCH_USAGE_DAYS (30),
// BENCH_USAGE_OPERATIONS (1000), BENCH_USAGE_RUNS (20).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistry } from '../../registry/server.js';

const COORDINATES = Number(process.env.BENCH_USAGE_COORDINATES ?? 5_000);
const VERSIONS = Number(process.env.BENCH_USAGE_VERSIONS ?? 100);
const DAYS = Number(process.env.BENCH_USAGE_DAYS ?? 30);
const OPERATIONS = Number(process.env.BENCH_USAGE_OPERATIONS ?? 1_000);
const RUNS = Number(process.env.BENCH_USAGE_RUNS ?? 20);
const ADMIN = 'atr_bench_usage_admin_token_0123456789';

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'atrium-bench-usage-'));
  const databaseUrl = process.env.DATABASE_URL;
  const registry = await createRegistry({
    ...(databaseUrl ? { databaseUrl } : { dataDir: join(dir, 'db') }),
    adminToken: ADMIN,
    logger: false,
  });
  const call = async (method: 'GET' | 'POST', url: string, body?: object) => {
    const answer = await registry.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${ADMIN}` },
      ...(body ? { payload: body } : {}),
    });
    if (answer.statusCode >= 300) throw new Error(`${method} ${url}: ${answer.statusCode} ${answer.body}`);
    return JSON.parse(answer.body) as Record<string, unknown>;
  };
  try {
    await call('POST', '/v1/graphs', { name: 'big' });
    await call('POST', '/v1/graphs/big/variants', { name: 'prod' });
    const [variant] = await registry.db.query<{ id: number }>(
      "SELECT v.id FROM variants v JOIN graphs g ON g.id = v.graph_id WHERE g.name = 'big' AND v.name = 'prod'",
    );
    const variantId = variant?.id ?? 0;
    const today = new Date().toISOString().slice(0, 10);
    const started = Date.now();
    const db = registry.db;
    await db.query(
      `INSERT INTO usage_coordinates (variant_id, coordinate)
       SELECT $1, 'Type' || (i / 10) || '.field' || (i % 10) FROM generate_series(0, $2 - 1) AS i`,
      [variantId, COORDINATES],
    );
    await db.query(
      `INSERT INTO usage_clients (variant_id, name, version)
       SELECT $1, 'client' || (i % 10), '1.' || i FROM generate_series(0, $2 - 1) AS i`,
      [variantId, VERSIONS],
    );
    // Day by day, so no statement holds everything at once.
    for (let day = 0; day < DAYS; day++) {
      await db.query(
        `INSERT INTO usage_coordinate_days (variant_id, coordinate_id, client_id, day, count)
         SELECT $1, co.id, cl.id, $2::date - $3::int, 1 + (co.id * 7 + cl.id * 13 + $3) % 50
           FROM usage_coordinates co CROSS JOIN usage_clients cl
          WHERE co.variant_id = $1 AND cl.variant_id = $1`,
        [variantId, today, day],
      );
    }
    await db.query(
      `INSERT INTO usage_coordinate_seen (variant_id, coordinate_id, client_id, first_seen, last_seen)
       SELECT $1, co.id, cl.id, now() - interval '30 days', now()
         FROM usage_coordinates co CROSS JOIN usage_clients cl WHERE co.variant_id = $1 AND cl.variant_id = $1`,
      [variantId],
    );
    // Operations of 20 coordinates each; each used by 5 client versions every hour of the period.
    await db.query(
      `INSERT INTO usage_operations (variant_id, hash, name, type, signature, coordinates, first_seen, last_seen)
       SELECT $1, md5(i::text) || md5((i + 1)::text), 'Op' || i, 'query', 'query Op' || i || '{...}',
              ARRAY(SELECT 'Type' || (((i * 20 + j) % $2) / 10) || '.field' || (((i * 20 + j) % $2) % 10)
                      FROM generate_series(0, 19) AS j),
              now() - interval '30 days', now()
         FROM generate_series(0, $3 - 1) AS i`,
      [variantId, COORDINATES, OPERATIONS],
    );
    await db.query(
      `INSERT INTO usage_operation_hours (variant_id, hash, client_id, verified_client_id, hour, count, ok, errors,
         refused, duration_ms, estimated_cost, actual_cost)
       SELECT $1, o.hash, cl.id, '', date_trunc('hour', now()) - make_interval(hours => h), 10, 10, 0, 0, 50, 5, 4
         FROM usage_operations o
         CROSS JOIN generate_series(0, $2 * 24 - 1) AS h
         JOIN usage_clients cl ON cl.variant_id = $1 AND cl.id % 20 = (hashtext(o.hash) & 2147483647) % 20
        WHERE o.variant_id = $1`,
      [variantId, DAYS],
    );
    await db.query(
      `INSERT INTO usage_operation_days (variant_id, hash, day, count)
       SELECT variant_id, hash, (hour AT TIME ZONE 'UTC')::date, SUM(count) FROM usage_operation_hours
        WHERE variant_id = $1 GROUP BY variant_id, hash, (hour AT TIME ZONE 'UTC')::date`,
      [variantId],
    );
    // What the retention job does every hour: prune, then vacuum (index-only scans need all-visible pages).
    await registry.pruneUsage();
    const counts = await db.query<{ days: number; hours: number }>(
      `SELECT (SELECT count(*)::int FROM usage_coordinate_days) AS days,
              (SELECT count(*)::int FROM usage_operation_hours) AS hours`,
    );
    log(
      `seeded ${COORDINATES} coordinates × ${VERSIONS} client versions × ${DAYS} days: ${counts[0]?.days} daily rows, ` +
        `${OPERATIONS} operations with ${counts[0]?.hours} hourly rows, in ${((Date.now() - started) / 1000).toFixed(0)} s (${db.kind})`,
    );

    const timings: number[] = [];
    let total = 0;
    for (let run = 0; run < RUNS; run++) {
      const coordinate = `Type${(run * 37) % (COORDINATES / 10)}.field${run % 10}`;
      const begin = process.hrtime.bigint();
      const report = await call(
        'GET',
        `/v1/graphs/big/variants/prod/usage/fields/${encodeURIComponent(coordinate)}?period=30d`,
      );
      timings.push(Number(process.hrtime.bigint() - begin) / 1e6);
      total = Number(report['total']);
      const clients = (report['clients'] as unknown[]).length;
      if (clients !== VERSIONS) throw new Error(`expected ${VERSIONS} client versions, got ${clients}`);
    }
    log(
      `field report over ${DAYS} days (${VERSIONS} client versions, top operations): median ${median(timings).toFixed(1)} ms, ` +
        `max ${Math.max(...timings).toFixed(1)} ms over ${RUNS} runs (last total ${total})`,
    );
  } finally {
    await registry.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
