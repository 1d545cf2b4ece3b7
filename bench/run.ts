// `npm run bench`: the hub against plain @apollo/gateway + @apollo/server over the example subgraphs.
// Method (see bench/README.md): each side runs in its own process; the subgraphs run in a third; the load
// generator (autocannon) runs here. Both sides warm up, then measured runs alternate hub/plain for ROUNDS rounds.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { EXAMPLE_SUBGRAPH_NAMES, exampleSubgraphSdl } from '../subgraphs-example/index.js';
import { measure, type Measurement } from './load.js';

const DIST = resolve(import.meta.dirname, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SUBGRAPH_PORTS = { accounts: 5101, products: 5102, reviews: 5103, inventory: 5104 } as const;

export const BENCH_QUERY = `query TopProducts {
  topProducts {
    upc name price weight shippingEstimate inStock
    reviews { id body author { id username name reviews { id product { upc name } } } }
  }
}`;

interface Target {
  readonly name: 'hub' | 'plain';
  readonly url: string;
  readonly process: ChildProcess;
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
  const targets: Target[] = [];
  try {
    targets.push({ name: 'hub', ...(await startProcess('bench/targets/atrium-hub.js', env)) });
    targets.push({ name: 'plain', ...(await startProcess('bench/targets/plain-gateway.js', env)) });
    for (const target of targets) await assertAnswers(target.url);

    log(
      `warm-up: ${WARMUP_S} s each, then ${ROUNDS} interleaved rounds of ${DURATION_S} s, ${CONNECTIONS} connections`,
    );
    for (const target of targets)
      await measure({ url: target.url, query: BENCH_QUERY, connections: CONNECTIONS, seconds: WARMUP_S });

    const results: Record<Target['name'], Measurement[]> = { hub: [], plain: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? targets : [...targets].reverse();
      for (const target of order) {
        const m = await measure({
          url: target.url,
          query: BENCH_QUERY,
          connections: CONNECTIONS,
          seconds: DURATION_S,
        });
        results[target.name].push(m);
        log(
          `round ${round + 1} ${target.name.padEnd(5)} ${m.rps.toFixed(0).padStart(6)} rps  p50 ${m.p50} ms  p99 ${m.p99} ms  errors ${m.errors}`,
        );
      }
    }
    const summary = summarize(results);
    log('');
    log(
      `hub    median ${summary.hub.rps.toFixed(0)} rps  p50 ${summary.hub.p50} ms  p99 ${summary.hub.p99} ms`,
    );
    log(
      `plain  median ${summary.plain.rps.toFixed(0)} rps  p50 ${summary.plain.p50} ms  p99 ${summary.plain.p99} ms`,
    );
    log(`ratio hub/plain (median RPS): ${summary.ratio.toFixed(3)}`);
    const out = resolve(DIST, '..', 'bench', 'results');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      join(out, 'latest.json'),
      JSON.stringify(
        { date: new Date().toISOString(), ROUNDS, DURATION_S, CONNECTIONS, results, summary },
        null,
        2,
      ),
    );
  } finally {
    for (const target of targets) target.process.kill('SIGTERM');
    subgraphs.process.kill('SIGTERM');
  }
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

function summarize(results: Record<Target['name'], Measurement[]>) {
  const median = (values: number[]): number => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  };
  const of = (list: Measurement[]) => ({
    rps: median(list.map((m) => m.rps)),
    p50: median(list.map((m) => m.p50)),
    p99: median(list.map((m) => m.p99)),
  });
  const hub = of(results.hub);
  const plain = of(results.plain);
  return { hub, plain, ratio: hub.rps / plain.rps };
}

async function startProcess(
  script: string,
  env: NodeJS.ProcessEnv,
): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(process.execPath, [join(DIST, script)], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 20 s`)), 20_000);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
    // Keep draining stdout (request logs) so the child never blocks on a full pipe.
    lines.on('line', (line) => {
      const match = /^READY (\S+)/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveStart({ url: match[1], process: child });
      }
    });
  });
}

async function assertAnswers(url: string): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: BENCH_QUERY }),
  });
  const body = (await response.json()) as { data?: { topProducts?: unknown[] }; errors?: unknown[] };
  if (!response.ok || body.errors || !body.data?.topProducts?.length) {
    throw new Error(`${url} did not answer the bench query correctly: ${JSON.stringify(body).slice(0, 500)}`);
  }
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

await main();
