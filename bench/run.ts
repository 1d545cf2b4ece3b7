// `npm run bench`: the hub against plain @apollo/gateway + @apollo/server over the example subgraphs, the hub
// with authentication + field authorization against the hub without them, and the hub (operation limits and
// demand control on, enforcing, as by default) against the hub with both off, and the hub with auth and quotas
// on Redis against the hub with auth alone.
// Method (see bench/README.md): each side runs in its own process; the subgraphs run in another; the load
// generator (autocannon) and the development OpenID Provider run here. Every side warms up, then measured runs
// rotate through the sides for ROUNDS rounds.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { DEV_AUDIENCE, startDevOidcProvider } from '../dev/oidc/index.js';
import { EXAMPLE_SUBGRAPH_NAMES, exampleSubgraphSdl } from '../subgraphs-example/index.js';
import { BENCH_QUERY } from './bench-query.js';
import { measure, type Measurement } from './load.js';
import { processCpuMs } from './process-cpu.js';
import { writeResultsFile } from './results-file.js';

const DIST = resolve(import.meta.dirname, '..');

/** A measured run and the gateway process's CPU per request during it (Linux; NaN elsewhere). */
type Run = Measurement & { readonly cpuMsPerRequest: number };

async function measureWithCpu(target: Target, seconds: number): Promise<Run> {
  const before = processCpuMs(target.process.pid);
  const m = await measure(load(target, seconds));
  const cpuMs = processCpuMs(target.process.pid) - before;
  return { ...m, cpuMsPerRequest: cpuMs / (m.rps * seconds) };
}
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
/** The Redis the quotas side counts in (`memory`: the in-memory store instead). */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** `BENCH_SIDES=hub,hub+usage`: run only these sides (ratios of sides not run print as n/a). Default: all. */
const SIDES = process.env.BENCH_SIDES?.split(',').map((side) => side.trim());
const SUBGRAPH_PORTS = { accounts: 5101, products: 5102, reviews: 5103, inventory: 5104 } as const;

type TargetName =
  | 'hub'
  | 'plain'
  | 'hub+auth'
  | 'hub+auth+id'
  | 'hub-no-limits'
  | 'hub-no-metrics'
  | 'hub+usage'
  | 'hub+auth+quotas'
  | 'hub+pq-id'
  | 'hub+pq-body';

/** The bench query's persisted-operation id (sha256 of its text). */
const BENCH_QUERY_ID = createHash('sha256').update(BENCH_QUERY).digest('hex');

interface Target {
  readonly name: TargetName;
  readonly url: string;
  readonly process: ChildProcess;
  readonly headers: Record<string, string>;
  /** The request body, when not `{ query: BENCH_QUERY, operationName }` (the by-id side). */
  readonly body?: string;
  /** Its `/metrics`, scraped every 5 s during the runs, when it has metrics. */
  readonly metricsUrl?: string | undefined;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'atrium-bench-'));
  const supergraphFile = join(work, 'supergraph.graphql');
  writeFileSync(supergraphFile, composeExampleSupergraph());

  const env = {
    ...process.env,
    NODE_ENV: 'production',
    SUPERGRAPH_FILE: supergraphFile,
    LKG_DIR: join(work, 'lkg'),
  };
  const subgraphs = await startProcess('subgraphs-example/main.js', {
    ...env,
    ACCOUNTS_PORT: String(SUBGRAPH_PORTS.accounts),
    PRODUCTS_PORT: String(SUBGRAPH_PORTS.products),
    REVIEWS_PORT: String(SUBGRAPH_PORTS.reviews),
    INVENTORY_PORT: String(SUBGRAPH_PORTS.inventory),
  });
  // The token carries read:users, so User.birthday passes field authorization: every side fetches the same data.
  const issuer = await startDevOidcProvider({ port: 0 });
  const token = await issuer.issueToken({ clientId: 'demo-app', scope: 'read:users' });
  const targets: Target[] = [];
  // The usage side reports to this sink: it takes every batch (202) and counts what it got.
  const sink = { batches: 0, bytes: 0 };
  const usageSink = createServer((request, response) => {
    request.on('data', (chunk: Buffer) => (sink.bytes += chunk.length));
    request.on('end', () => {
      sink.batches += 1;
      response.writeHead(202, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((listening) => usageSink.listen(0, '127.0.0.1', listening));
  const sinkAddress = usageSink.address();
  const sinkUrl = `http://127.0.0.1:${typeof sinkAddress === 'object' && sinkAddress ? sinkAddress.port : 0}`;
  try {
    targets.push({ name: 'hub', headers: {}, ...(await startProcess('bench/targets/atrium-hub.js', env)) });
    targets.push({
      name: 'hub+usage',
      headers: {},
      ...(await startProcess('bench/targets/atrium-hub.js', { ...env, USAGE_URL: sinkUrl })),
    });
    targets.push({
      name: 'hub-no-limits',
      headers: {},
      ...(await startProcess('bench/targets/atrium-hub.js', { ...env, LIMITS: 'off' })),
    });
    targets.push({
      name: 'hub-no-metrics',
      headers: {},
      ...(await startProcess('bench/targets/atrium-hub.js', { ...env, METRICS: 'off' })),
    });
    targets.push({
      name: 'plain',
      headers: {},
      ...(await startProcess('bench/targets/plain-gateway.js', env)),
    });
    const secured = { ...env, ISSUER: issuer.issuer, AUDIENCE: DEV_AUDIENCE };
    const bearer = { authorization: `Bearer ${token}` };
    targets.push({
      name: 'hub+auth',
      headers: bearer,
      ...(await startProcess('bench/targets/atrium-hub.js', secured)),
    });
    targets.push({
      name: 'hub+auth+id',
      headers: bearer,
      ...(await startProcess('bench/targets/atrium-hub.js', { ...secured, IDENTITY: '1' })),
    });
    targets.push({
      name: 'hub+auth+quotas',
      headers: bearer,
      ...(await startProcess('bench/targets/atrium-hub.js', { ...secured, QUOTAS_REDIS_URL: REDIS_URL })),
    });
    // Persisted operations on (`enforce`, the bench query registered in a local manifest): the same document by
    // id and by body, so the pair shows what serving by id costs against the body it stands for.
    const manifest = join(work, 'bench-manifest.json');
    writeFileSync(
      manifest,
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [{ id: BENCH_QUERY_ID, name: 'TopProducts', type: 'query', body: BENCH_QUERY }],
      }),
    );
    const persisted = { ...env, PQ_MANIFEST: manifest };
    targets.push({
      name: 'hub+pq-id',
      headers: {},
      body: JSON.stringify({ documentId: BENCH_QUERY_ID, operationName: 'TopProducts' }),
      ...(await startProcess('bench/targets/atrium-hub.js', persisted)),
    });
    targets.push({
      name: 'hub+pq-body',
      headers: {},
      ...(await startProcess('bench/targets/atrium-hub.js', persisted)),
    });
    // BENCH_SIDES=hub+auth,hub+auth+quotas: measure only these sides (more rounds of a pair in the same time).
    const measured = SIDES ? targets.filter((target) => SIDES.includes(target.name)) : targets;
    for (const target of measured) await assertAnswers(target);

    log(
      `warm-up: ${WARMUP_S} s each, then ${ROUNDS} rotating rounds of ${DURATION_S} s, ${CONNECTIONS} connections`,
    );
    for (const target of measured) await measure(load(target, WARMUP_S));

    const results: Record<TargetName, Run[]> = {
      hub: [],
      plain: [],
      'hub+auth': [],
      'hub+auth+id': [],
      'hub-no-limits': [],
      'hub-no-metrics': [],
      'hub+auth+quotas': [],
      'hub+usage': [],
      'hub+pq-id': [],
      'hub+pq-body': [],
    };
    // Every side with metrics is scraped every 5 s (three times as often as a common 15 s scrape interval);
    // what a scrape costs is part of its numbers.
    const scrapes = { count: 0, failed: 0 };
    const scraper = setInterval(() => {
      for (const target of measured) {
        if (target.metricsUrl === undefined) continue;
        fetch(target.metricsUrl)
          .then((response) => response.text().then(() => (response.ok ? scrapes.count++ : scrapes.failed++)))
          .catch(() => scrapes.failed++);
      }
    }, 5_000);
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate which side goes first, so drift in the machine's state hits every side alike.
      const shift = round % measured.length;
      for (const target of [...measured.slice(shift), ...measured.slice(0, shift)]) {
        const m = await measureWithCpu(target, DURATION_S);
        results[target.name].push(m);
        log(
          `round ${round + 1} ${target.name.padEnd(11)} ${m.rps.toFixed(0).padStart(6)} rps  p50 ${m.p50} ms  p99 ${m.p99} ms  errors ${m.errors}  cpu ${m.cpuMsPerRequest.toFixed(2)} ms/request`,
        );
      }
    }
    clearInterval(scraper);
    const summary = summarize(results);
    log('');
    for (const target of measured) {
      const side = summary.sides[target.name];
      log(
        `${target.name.padEnd(15)} median ${side.rps.toFixed(0)} rps  p50 ${side.p50} ms  p99 ${side.p99} ms  cpu ${side.cpu.toFixed(2)} ms/request`,
      );
    }
    const ratio = (value: number) => (Number.isFinite(value) && value > 0 ? value.toFixed(3) : 'n/a');
    log(`ratio hub/plain (median RPS): ${ratio(summary.hubOverPlain)}`);
    log(`ratio hub+auth/hub (median RPS): ${ratio(summary.authOverHub)}`);
    log(`ratio hub+auth+id/hub (median RPS): ${ratio(summary.identityOverHub)}`);
    log(`ratio hub/hub-no-limits (median RPS): ${ratio(summary.limitsOverBare)}`);
    log(`ratio hub+usage/hub (median RPS): ${ratio(summary.usageOverHub)}`);
    log(`ratio hub/hub-no-metrics (median RPS): ${ratio(summary.metricsOverBare)}`);
    log(`ratio hub/hub-no-metrics (median of each round's ratio): ${ratio(summary.metricsOverBarePaired)}`);
    log(
      `ratio hub/hub-no-metrics (CPU-bound: no-metrics CPU/request ÷ hub CPU/request): ${ratio(summary.metricsOverBareCpu)}`,
    );
    log(`metrics scrapes: ${scrapes.count} answered, ${scrapes.failed} failed`);
    log(`ratio hub+auth+quotas/hub+auth (median RPS, quotas on Redis): ${ratio(summary.quotasOverAuth)}`);
    log(
      `ratio hub+auth+quotas/hub+auth (median of each round's ratio): ${ratio(summary.quotasOverAuthPaired)}`,
    );
    log(
      `ratio hub+auth+quotas/hub+auth (CPU-bound: hub+auth CPU/request ÷ quotas CPU/request): ${ratio(summary.quotasOverAuthCpu)}`,
    );
    log(`ratio hub+pq-id/hub+pq-body (median RPS): ${ratio(summary.pqIdOverBody)}`);
    log(`ratio hub+pq-id/hub+pq-body (median of each round's ratio): ${ratio(summary.pqIdOverBodyPaired)}`);
    log(
      `ratio hub+pq-id/hub+pq-body (CPU-bound: body CPU/request ÷ id CPU/request): ${ratio(summary.pqIdOverBodyCpu)}`,
    );
    log(`usage sink: ${sink.batches} batches, ${sink.bytes} bytes (gzip)`);
    writeResultsFile(resolve(DIST, '..'), 'latest.json', {
      ROUNDS,
      DURATION_S,
      CONNECTIONS,
      results,
      summary,
    });
  } finally {
    for (const target of targets) target.process.kill('SIGTERM');
    subgraphs.process.kill('SIGTERM');
    await issuer.close();
    usageSink.close();
  }
}

function load(target: Target, seconds: number) {
  return {
    url: target.url,
    query: BENCH_QUERY,
    connections: CONNECTIONS,
    seconds,
    headers: target.headers,
    ...(target.body !== undefined && { body: target.body }),
  };
}

function composeExampleSupergraph(): string {
  const result = composeServices(
    EXAMPLE_SUBGRAPH_NAMES.map((name) => ({
      name,
      url: `http://127.0.0.1:${SUBGRAPH_PORTS[name]}/graphql`,
      typeDefs: parse(exampleSubgraphSdl(name)),
    })),
  );
  if (result.errors)
    throw new Error(`example subgraphs do not compose: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.supergraphSdl;
}

function summarize(results: Record<TargetName, Run[]>) {
  const median = (values: number[]): number => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  };
  const of = (list: Run[]) => ({
    rps: median(list.map((m) => m.rps)),
    cpu: median(list.map((m) => m.cpuMsPerRequest)),
    p50: median(list.map((m) => m.p50)),
    p99: median(list.map((m) => m.p99)),
  });
  const sides = {
    hub: of(results.hub),
    plain: of(results.plain),
    'hub+auth': of(results['hub+auth']),
    'hub+auth+id': of(results['hub+auth+id']),
    'hub-no-limits': of(results['hub-no-limits']),
    'hub-no-metrics': of(results['hub-no-metrics']),
    'hub+auth+quotas': of(results['hub+auth+quotas']),
    'hub+usage': of(results['hub+usage']),
    'hub+pq-id': of(results['hub+pq-id']),
    'hub+pq-body': of(results['hub+pq-body']),
  };
  return {
    sides,
    hubOverPlain: sides.hub.rps / sides.plain.rps,
    authOverHub: sides['hub+auth'].rps / sides.hub.rps,
    identityOverHub: sides['hub+auth+id'].rps / sides.hub.rps,
    limitsOverBare: sides.hub.rps / sides['hub-no-limits'].rps,
    // What metrics cost (the hub has them by default): >= 0.98 is the budget (docs/metrics.md).
    metricsOverBare: sides.hub.rps / sides['hub-no-metrics'].rps,
    metricsOverBarePaired: median(
      results.hub.map((m, round) => m.rps / (results['hub-no-metrics'][round]?.rps ?? NaN)),
    ),
    metricsOverBareCpu: sides['hub-no-metrics'].cpu / sides.hub.cpu,
    quotasOverAuth: sides['hub+auth+quotas'].rps / sides['hub+auth'].rps,
    // Requests per CPU second of the gateway process: what its throughput is when it is CPU-bound, whatever the
    // other processes on the machine take.
    quotasOverAuthCpu: sides['hub+auth'].cpu / sides['hub+auth+quotas'].cpu,
    // The two sides of one round run back to back, so their ratio is less exposed to the machine's drift
    // between rounds (on a shared machine, ±50 %) than the ratio of the medians.
    quotasOverAuthPaired: median(
      results['hub+auth+quotas'].map((m, round) => m.rps / (results['hub+auth'][round]?.rps ?? NaN)),
    ),
    usageOverHub: sides['hub+usage'].rps / sides.hub.rps,
    // A request by id against the same registered document by body (>= 1: by id costs no more).
    pqIdOverBody: sides['hub+pq-id'].rps / sides['hub+pq-body'].rps,
    pqIdOverBodyPaired: median(
      results['hub+pq-id'].map((m, round) => m.rps / (results['hub+pq-body'][round]?.rps ?? NaN)),
    ),
    pqIdOverBodyCpu: sides['hub+pq-body'].cpu / sides['hub+pq-id'].cpu,
  };
}

async function startProcess(
  script: string,
  env: NodeJS.ProcessEnv,
): Promise<{ url: string; process: ChildProcess; metricsUrl?: string }> {
  const child = spawn(process.execPath, [join(DIST, script)], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 20 s`)), 20_000);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
    // Keep draining stdout (request logs) so the child never blocks on a full pipe.
    lines.on('line', (line) => {
      const match = /^READY (\S+)(?: (\S+))?/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveStart({ url: match[1], process: child, ...(match[2] && { metricsUrl: match[2] }) });
      }
    });
  });
}

async function assertAnswers({ name, url, headers, body: sent }: Target): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: sent ?? JSON.stringify({ query: BENCH_QUERY }),
  });
  const body = (await response.json()) as { data?: { topProducts?: unknown[] }; errors?: unknown[] };
  if (!response.ok || body.errors || !body.data?.topProducts?.length) {
    throw new Error(`${url} did not answer the bench query correctly: ${JSON.stringify(body).slice(0, 500)}`);
  }
  // The quotas side must really check and charge (its record's fields), every other side must not.
  const limited = response.headers.get('ratelimit') !== null;
  if (limited !== (name === 'hub+auth+quotas')) {
    throw new Error(`${name} ${limited ? 'answered' : 'did not answer'} RateLimit fields`);
  }
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

// BENCH_WORKLOAD=example|federation (default both): the example graph's sides above, and the federation benchmark
// workload (bench/federation/run.ts, its own sides plain, hub, hub+all, hive; BENCH_SIDES filters both).
const WORKLOADS = (process.env.BENCH_WORKLOAD ?? 'example,federation').split(',').map((w) => w.trim());
if (WORKLOADS.includes('example')) await main();
if (WORKLOADS.includes('federation')) {
  const { runFederationBench } = await import('./federation/run.js');
  await runFederationBench(SIDES);
}
