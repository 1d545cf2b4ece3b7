// `npm run bench:reads`: how long reads wait while publishes compose. A registry on embedded PGlite (one
// connection) with the large generated graph (bench/check/generate-large-schema.ts) listens on a real port; a burst
// of publishes (each changes a different subgraph, so every one composes) runs while two readers poll:
//   /health               the event loop only (no database)
//   GET …/subgraphs        a database read, what `atrium subgraph list` does
//   GET …/supergraph       what hubs poll (with the ETag of the version before the burst: 200, then 304s)
// Reported per reader: requests answered during the burst, median, p95 and the longest wait.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry } from '../../registry/server.js';
import { generateLargeGraph } from './generate-large-schema.js';

const PUBLISHES = Number(process.env.BENCH_PUBLISHES ?? 6);
const POLL_INTERVAL_MS = 20;
const ADMIN = 'atr_bench_admin_token_0123456789abcdef';

interface Reader {
  readonly name: string;
  readonly path: string;
  readonly latencies: number[];
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

async function main(): Promise<void> {
  const graph = generateLargeGraph();
  const dataDir = await mkdtemp(join(tmpdir(), 'atrium-bench-reads-'));
  const registry = await startRegistry({ dataDir, adminToken: ADMIN, logger: false });
  const headers = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
  const base = `${registry.url}/v1/graphs/big/variants/current`;
  const post = async (url: string, body: unknown): Promise<void> => {
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
    if (response.status >= 400) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
  };
  try {
    await post(`${registry.url}/v1/graphs`, { name: 'big' });
    for (const subgraph of graph.subgraphs) {
      await post(`${base}/subgraphs/${subgraph.name}`, {
        sdl: subgraph.sdl,
        routingUrl: `http://${subgraph.name}.invalid/graphql`,
      });
    }
    // One warm-up publish so that the burst measures warm compositions.
    await post(`${base}/subgraphs/subgraph0`, {
      sdl: `${graph.subgraphs[0]?.sdl ?? ''}\ntype WarmUp { a: Int }\n`,
      routingUrl: 'http://subgraph0.invalid/graphql',
    });

    // Each burst adds a type to each of PUBLISHES subgraphs (and keeps the earlier ones: removing is breaking).
    const burst = (tags: readonly string[]): Promise<void[]> =>
      Promise.all(
        graph.subgraphs.slice(1, 1 + PUBLISHES).map((subgraph, i) =>
          post(`${base}/subgraphs/${subgraph.name}`, {
            sdl: `${subgraph.sdl}\n${tags.map((tag) => `type ${tag}${i} { a: Int }`).join('\n')}\n`,
            routingUrl: `http://${subgraph.name}.invalid/graphql`,
          }),
        ),
      );
    // The same burst without readers first: what the publishes cost by themselves.
    const aloneStart = performance.now();
    await burst(['Alone']);
    const aloneMs = performance.now() - aloneStart;

    const readers: Reader[] = [
      { name: '/health', path: `${registry.url}/health`, latencies: [] },
      { name: 'GET …/subgraphs', path: `${base}/subgraphs`, latencies: [] },
      { name: 'GET …/supergraph', path: `${base}/supergraph`, latencies: [] },
    ];
    let bursting = true;
    const poll = async (reader: Reader): Promise<void> => {
      while (bursting) {
        const start = performance.now();
        const response = await fetch(reader.path, { headers });
        await response.arrayBuffer();
        reader.latencies.push(performance.now() - start);
        await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
      }
    };
    const polling = readers.map(poll);
    const burstStart = performance.now();
    await burst(['Alone', 'Burst']);
    const burstMs = performance.now() - burstStart;
    bursting = false;
    await Promise.all(polling);

    console.log(
      `Large graph: ${graph.subgraphs.length} subgraphs, ${graph.fieldCount} fields. Node ${process.version}.`,
    );
    console.log(
      `Burst: ${PUBLISHES} concurrent publishes (each composes) took ${(aloneMs / 1000).toFixed(1)} s alone, ` +
        `${(burstMs / 1000).toFixed(1)} s while the readers below polled\n`,
    );
    console.log('reader              answered   median    p95      max');
    for (const reader of readers) {
      const { latencies } = reader;
      console.log(
        `${reader.name.padEnd(20)}${String(latencies.length).padStart(8)}` +
          `${percentile(latencies, 50).toFixed(0).padStart(8)} ms` +
          `${percentile(latencies, 95).toFixed(0).padStart(6)} ms` +
          `${Math.max(...latencies)
            .toFixed(0)
            .padStart(6)} ms`,
      );
    }
  } finally {
    await registry.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
