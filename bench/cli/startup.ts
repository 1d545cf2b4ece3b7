// `npm run bench:cli`: how long the `atrium` CLI takes, as multiples of a bare `node -e ''` start on the same
// machine in the same run (issue 9 targets: --help ≤ 4×, subgraph check client side ≤ 5×, schema diff of two
// 1 MB schemas ≤ 15×). Each command runs as a real process (`node bin/atrium.js …`), interleaved with the
// baseline, BENCH_CLI_RUNS times (default 15); the median is reported. `subgraph check` runs against a registry
// in a child process of its own, with a small graph; its server time (the same check sent directly, median) is
// reported and subtracted for the client-side figure. Also lists the heavy packages each command loads.
// BENCH_CLI_PRIORITY=realtime (Linux, root or CAP_SYS_NICE) runs every timed process, the baseline included,
// under `chrt -f 10`, so the other jobs of a shared machine yield to it: the nearest to an idle machine there is.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateLargeGraph } from '../check/generate-large-schema.js';

const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 15);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'atrium.js');
const ADMIN = 'atr_bench_cli_admin_0123456789abcdefghi';
const HEAVY = [
  '@apollo/gateway',
  '@apollo/server',
  '@apollo/composition',
  '@apollo/federation-internals',
  '@apollo/query-planner',
  'fastify',
  '@electric-sql/pglite',
  'graphql',
  '@graphql-inspector/core',
  'pino',
  'zod',
  'yaml',
];
const TARGETS = { help: 4, check: 5, diff: 15 } as const;
const REALTIME = process.env.BENCH_CLI_PRIORITY === 'realtime';

function timeOnce(args: readonly string[], env: Record<string, string> = {}): number {
  const [file, argv] = REALTIME
    ? ['chrt', ['-f', '10', process.execPath, ...args]]
    : [process.execPath, [...args]];
  const start = performance.now();
  const result = spawnSync(file, argv, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ms = performance.now() - start;
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr.toString()}`);
  return ms;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Which of the heavy packages a command loads: a resolve hook in the child lists every module URL. */
function heavyPackagesLoaded(args: readonly string[], env: Record<string, string> = {}): string[] {
  const hooks = `data:text/javascript,${encodeURIComponent(
    `export async function resolve(s, c, n) { const r = await n(s, c); process.stderr.write('LOADED ' + r.url + '\\n'); return r; }`,
  )}`;
  const register = `data:text/javascript,${encodeURIComponent(
    // CommonJS modules loaded through require() pass no resolve hook: listed from require's cache at exit.
    `import { createRequire, register } from 'node:module'; register(${JSON.stringify(hooks)}); ` +
      `const cache = createRequire('/').cache; process.on('exit', () => { for (const path of Object.keys(cache)) process.stderr.write('LOADED file://' + path + '\\n'); });`,
  )}`;
  const result = spawnSync(process.execPath, ['--import', register, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  const urls = result.stderr.split('\n').filter((line) => line.startsWith('LOADED '));
  return HEAVY.filter((name) => urls.some((url) => url.includes(`/node_modules/${name}/`)));
}

async function startRegistryProcess(dataDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    [BIN, 'registry', 'start', '--port', '0', '--data-dir', dataDir, '--json'],
    { env: { ...process.env, ATRIUM_ADMIN_TOKEN: ADMIN }, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.includes('"url"'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`registry exited ${code}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'atrium-bench-cli-'));
  const registry = await startRegistryProcess(join(dir, 'db'));
  try {
    const env = { ATRIUM_REGISTRY_URL: registry.url, ATRIUM_TOKEN: ADMIN };
    const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';
    const v1 = join(dir, 'products.graphql');
    const v2 = join(dir, 'products-v2.graphql');
    writeFileSync(
      v1,
      `${link}\ntype Query { products: [Product!]! }\ntype Product @key(fields: "id") { id: ID! name: String }\n`,
    );
    writeFileSync(
      v2,
      `${link}\ntype Query { products: [Product!]! }\ntype Product @key(fields: "id") { id: ID! name: String price: Int }\n`,
    );
    const setup = [
      ['graph', 'create', 'bench'],
      [
        'subgraph',
        'publish',
        'bench@main',
        '--name',
        'products',
        '--schema',
        v1,
        '--routing-url',
        'http://127.0.0.1:9/graphql',
      ],
    ];
    for (const args of setup) {
      const result = spawnSync(process.execPath, [BIN, ...args], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
      });
      if (result.status !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
    }
    const oldSdl = join(dir, 'old.graphql');
    const newSdl = join(dir, 'new.graphql');
    const oldGraph = generateLargeGraph().sdl;
    const newGraph = generateLargeGraph({ changed: true }).sdl;
    writeFileSync(oldSdl, oldGraph);
    writeFileSync(newSdl, newGraph);

    const commands = {
      baseline: { args: ['-e', ''], env: {} },
      help: { args: [BIN, '--help'], env: {} },
      check: { args: [BIN, 'subgraph', 'check', 'bench@main', '--name', 'products', '--schema', v2], env },
      diff: { args: [BIN, 'schema', 'diff', oldSdl, newSdl], env: {} },
    } as const;
    const times: Record<keyof typeof commands, number[]> = { baseline: [], help: [], check: [], diff: [] };
    for (const [, command] of Object.entries(commands)) timeOnce(command.args, command.env); // warm the disk cache
    for (let run = 0; run < RUNS; run++) {
      for (const [name, command] of Object.entries(commands))
        times[name as keyof typeof commands].push(timeOnce(command.args, command.env));
    }
    // Server time of the same check, sent directly (the registry reuses its analysis for the same SDL, as it
    // does for the CLI's repeated runs above).
    const server: number[] = [];
    const body = JSON.stringify({ subgraph: 'products', sdl: readFileSync(v2, 'utf8') });
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      const response = await fetch(`${registry.url}/v1/graphs/bench/variants/main/checks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body,
      });
      await response.text();
      server.push(performance.now() - start);
    }

    const base = median(times.baseline);
    const serverMs = median(server);
    const rows = [
      ["node -e '' (baseline)", base, 1, '', heavyPackagesLoaded(commands.baseline.args)],
      [
        'atrium --help',
        median(times.help),
        median(times.help) / base,
        `≤ ${TARGETS.help}×`,
        heavyPackagesLoaded(commands.help.args),
      ],
      [
        'atrium subgraph check (client side)',
        median(times.check) - serverMs,
        (median(times.check) - serverMs) / base,
        `≤ ${TARGETS.check}×`,
        heavyPackagesLoaded(commands.check.args, env),
      ],
      [
        `atrium schema diff (2 × ${(oldGraph.length / 1e6).toFixed(2)} MB)`,
        median(times.diff),
        median(times.diff) / base,
        `≤ ${TARGETS.diff}×`,
        heavyPackagesLoaded(commands.diff.args),
      ],
    ] as const;
    console.log(
      `Node ${process.version}, ${RUNS} runs each (median), interleaved${REALTIME ? ', under chrt -f 10 (real-time priority)' : ''}; load average ${loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')}.`,
    );
    console.log(
      `subgraph check: ${median(times.check).toFixed(0)} ms in all, of which ${serverMs.toFixed(0)} ms server time (direct POST).`,
    );
    console.log("| command | median ms | × node -e '' | target | heavy packages loaded |");
    console.log('|---|---:|---:|---|---|');
    for (const [name, ms, ratio, target, loaded] of rows)
      console.log(
        `| ${name} | ${ms.toFixed(0)} | ${ratio.toFixed(1)}× | ${target} | ${loaded.join(', ') || '—'} |`,
      );
    const failed = rows
      .slice(1)
      .filter(([, , ratio, target]) => ratio > Number(target.replace(/[^0-9.]/g, '')));
    if (failed.length > 0) {
      console.log(`Over target: ${failed.map(([name]) => name).join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    await registry.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
