// `npm run bench:check`: times a registry schema check (POST /v1/graphs/:g/variants/:v/checks, in-process, on
// embedded PGlite) of the large generated graph (bench/check/generate-large-schema.ts) after one subgraph changed.
//   cold:   the first check on a registry whose caches are empty (fresh registry over the stored graph)
//   warm:   later checks, each with a different proposed SDL (so composition really runs), median of N
//   repeat: the same proposed SDL checked again (CI re-runs, check then publish): the composition is reused
// Every check includes composition with satisfiability, the API-schema diff, lint and storing the check.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistry, type Registry } from '../../registry/server.js';
import { generateLargeGraph } from './generate-large-schema.js';

const WARM_RUNS = Number(process.env.BENCH_CHECK_RUNS ?? 7);
const ADMIN = 'atr_bench_admin_token_0123456789abcdef';
const CHANGED = 'subgraph3';

async function call(registry: Registry, method: 'POST' | 'GET', url: string, body?: unknown) {
  const response = await registry.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${ADMIN}` },
    ...(body === undefined ? {} : { payload: body as object }),
  });
  if (response.statusCode >= 400)
    throw new Error(`${method} ${url}: ${response.statusCode} ${response.body.slice(0, 500)}`);
  return JSON.parse(response.body) as Record<string, unknown>;
}

/** The changed subgraph: a field removed (breaking) and a field added whose name differs per run. */
function proposedSdl(sdl: string, run: number): string {
  return sdl
    .replace(/\n {2}"""[^"]*"""\n {2}s3Records1\(.*\n/, '\n')
    .replace('type S3Record0 {\n', `type S3Record0 {\n  addedInRun${run}: String\n`);
}

async function timeCheck(
  registry: Registry,
  sdl: string,
): Promise<{ ms: number; passed: boolean; changes: number }> {
  const start = performance.now();
  const answer = await call(registry, 'POST', '/v1/graphs/big/variants/current/checks', {
    subgraph: CHANGED,
    sdl,
  });
  const ms = performance.now() - start;
  const check = answer.check as { passed: boolean; report: { changes: unknown[] } };
  return { ms, passed: check.passed, changes: check.report.changes.length };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  const graph = generateLargeGraph();
  const bytes = graph.subgraphs.reduce((sum, s) => sum + s.sdl.length, 0);
  console.log(
    `Large graph: ${graph.subgraphs.length} subgraphs, ${(bytes / 1e6).toFixed(2)} MB of subgraph SDL, ` +
      `${graph.fieldCount} fields. Node ${process.version}; ${WARM_RUNS} warm runs (median).`,
  );
  const dataDir = await mkdtemp(join(tmpdir(), 'atrium-bench-check-'));
  try {
    // Setup (not timed): store the graph through the API.
    const setup = await createRegistry({ dataDir, adminToken: ADMIN, logger: false });
    await call(setup, 'POST', '/v1/graphs', { name: 'big' });
    const setupStart = performance.now();
    for (const subgraph of graph.subgraphs) {
      await call(setup, 'POST', `/v1/graphs/big/variants/current/subgraphs/${subgraph.name}`, {
        sdl: subgraph.sdl,
        routingUrl: `http://${subgraph.name}.invalid/graphql`,
      });
    }
    console.log(
      `Setup: published ${graph.subgraphs.length} subgraphs in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`,
    );
    await setup.close();

    // A fresh registry over the stored graph: empty caches.
    const registry = await createRegistry({ dataDir, adminToken: ADMIN, logger: false });
    const current = graph.subgraphs.find((s) => s.name === CHANGED);
    if (!current) throw new Error(`${CHANGED} missing from the generated graph`);
    const cold = await timeCheck(registry, proposedSdl(current.sdl, 0));
    const warm: number[] = [];
    let last = cold;
    for (let run = 1; run <= WARM_RUNS; run++) {
      last = await timeCheck(registry, proposedSdl(current.sdl, run));
      warm.push(last.ms);
    }
    const repeat: number[] = [];
    for (let run = 0; run < 3; run++)
      repeat.push((await timeCheck(registry, proposedSdl(current.sdl, WARM_RUNS))).ms);
    await registry.close();

    console.log(`\nRegistry check of one changed subgraph (${last.changes} changes, passed: ${last.passed})`);
    console.log(`  cold (empty caches, first check):             ${cold.ms.toFixed(0)} ms`);
    console.log(
      `  warm (new SDL each run, composition runs):    ${median(warm).toFixed(0)} ms  [${warm.map((m) => m.toFixed(0)).join(', ')}]`,
    );
    console.log(`  repeat (same SDL again, composition reused):  ${median(repeat).toFixed(0)} ms`);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
