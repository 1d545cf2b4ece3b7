// The federation workload of `npm run bench` (issue 15): the four benchmark subgraphs of bench/federation, one
// nested query (~16 subgraph fetches, ~87 KB answer), and four sides: plain @apollo/gateway + @apollo/server,
// the hub with its default policies, the hub with every policy on (a real token from the development OpenID
// Provider, field authorization, limits, cost, quotas on Redis, usage), and Hive Gateway (bench/peers, installed
// here on demand). Two modes: `distinct` (every request's body differs by a variable the operation does not
// declare) and `identical` (the same body every time).
// Pinning: the gateway under test runs on CPU 0 (`taskset -c 0`), this process (load generator, OpenID Provider,
// usage sink) and the subgraphs on CPU 1. Every side's answer is compared with the reference (reference.ts)
// before and after measuring, and during the runs every answer body is compared with the side's first one.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { isDeepStrictEqual } from 'node:util';
import { composeServices } from '@apollo/composition';
import autocannon from 'autocannon';
import { parse } from 'graphql';
import { DEV_AUDIENCE, startDevOidcProvider } from '../../dev/oidc/index.js';
import { directivesOf } from '../../hub/pipeline/table-declarations.js';
import { policyTable } from '../../hub/pipeline/table.js';
import { prepareSupergraph } from '../../hub/supergraph/prepare-supergraph.js';
import { processCpuMs } from '../process-cpu.js';
import { writeResultsFile } from '../results-file.js';
import { federationRequestBody } from './query.js';
import { referenceData } from './reference.js';
import { BENCH_SUBGRAPH_NAMES, BENCH_SUBGRAPH_SDL } from './schemas.js';

const DIST = resolve(import.meta.dirname, '..', '..');
const ROOT = resolve(DIST, '..');
const PEERS = join(ROOT, 'bench', 'peers');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const MODES = (process.env.BENCH_FEDERATION_MODES ?? 'distinct,identical').split(',').map((m) => m.trim());
/** Extra node flags for the hub sides (e.g. `--cpu-prof --cpu-prof-dir=…` to profile them). */
const HUB_NODE_FLAGS = (process.env.BENCH_HUB_NODE_FLAGS ?? '').split(' ').filter(Boolean);
/** CPUs: the gateway under test, and everything else. */
const GATEWAY_CPU = process.env.BENCH_GATEWAY_CPU ?? '0';
const REST_CPU = process.env.BENCH_REST_CPU ?? '1';

/**
 * Run only when BENCH_SIDES names them: `hub-nodedupe`, the hub without in-flight deduplication (as before issue
 * 15); `hub-alt`, the hub with the node flags in BENCH_ALT_NODE_FLAGS (e.g. `--max-semi-space-size=64`);
 * `hub-gwexec`, the hub with `operations.executor: gateway` (@apollo/gateway executes the plans).
 */
export const FEDERATION_SIDES = [
  'plain',
  'hub',
  'hub+all',
  'hive',
  'hive-rust',
  'hub-nodedupe',
  'hub-alt',
  'hub-gwexec',
] as const;
const DEFAULT_SIDES: readonly SideName[] = ['plain', 'hub', 'hub+all', 'hive', 'hive-rust'];
type SideName = (typeof FEDERATION_SIDES)[number];

interface Side {
  readonly name: SideName;
  readonly url: string;
  readonly process: ChildProcess;
  readonly headers: Record<string, string>;
}

interface Run {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  /** Answers whose body differed from the side's checked answer. */
  readonly wrong: number;
  /** The gateway process's CPU time per answered request (Linux /proc). */
  readonly cpuMs: number;
}

const canPin = (() => {
  try {
    execFileSync('taskset', ['-p', '-c', REST_CPU, String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function startProcess(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cpu: string,
): Promise<{ url: string; process: ChildProcess }> {
  const [command, ...rest] = canPin
    ? ['taskset', '-c', cpu, process.execPath, ...args]
    : [process.execPath, ...args];
  const child = spawn(command ?? process.execPath, rest, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start within 30 s`)), 30_000);
    child.once('exit', (code) =>
      reject(new Error(`${args.join(' ')} exited with ${code} before it was ready`)),
    );
    lines.on('line', (line) => {
      const match = /^READY (\S+)/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveStart({ url: match[1], process: child });
      }
    });
  });
}

/** Hive Gateway lives in bench/peers (its own lock file), installed here the first time. */
function ensurePeers(): boolean {
  if (existsSync(join(PEERS, 'node_modules', '@graphql-hive', 'router-runtime'))) return true;
  log('installing bench/peers (Hive Gateway): npm ci --prefix bench/peers --ignore-scripts');
  try {
    execFileSync('npm', ['ci', '--prefix', PEERS, '--ignore-scripts', '--no-audit', '--no-fund'], {
      stdio: 'inherit',
    });
    return true;
  } catch (error) {
    log(`bench/peers could not be installed (${(error as Error).message}): the hive side is skipped`);
    return false;
  }
}

function compose(urls: Record<string, string>): string {
  const result = composeServices(
    BENCH_SUBGRAPH_NAMES.map((name) => ({
      name,
      url: urls[name] ?? '',
      typeDefs: parse(BENCH_SUBGRAPH_SDL[name]),
    })),
  );
  if (result.errors)
    throw new Error(`bench subgraphs do not compose: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.supergraphSdl;
}

/** Posts the workload's query once and checks the answer against the reference; returns the body as sent. */
async function checkAnswer(side: Side): Promise<string> {
  const response = await fetch(side.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...side.headers },
    body: federationRequestBody(1),
  });
  const text = await response.text();
  const body = JSON.parse(text) as { data?: unknown; errors?: unknown };
  if (!response.ok || body.errors !== undefined || !isDeepStrictEqual(body.data, referenceData())) {
    throw new Error(`${side.name} did not answer the reference: ${response.status} ${text.slice(0, 400)}`);
  }
  // hub+all must really check and charge quotas (its record's RateLimit fields); no other side has them.
  if ((response.headers.get('ratelimit') !== null) !== (side.name === 'hub+all')) {
    throw new Error(
      `${side.name} ${side.name === 'hub+all' ? 'did not answer' : 'answered'} RateLimit fields`,
    );
  }
  return text;
}

async function measure(side: Side, seconds: number, mode: string, expected: string): Promise<Run> {
  let nonce = 0;
  let wrong = 0;
  const identical = federationRequestBody();
  const cpuBefore = processCpuMs(side.process.pid);
  const result = await autocannon({
    url: side.url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'content-type': 'application/json', 'apollographql-client-name': 'bench', ...side.headers },
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          body: mode === 'distinct' ? federationRequestBody((nonce += 1)) : identical,
        }),
        onResponse: (status, body) => {
          if (status === 200 && body !== expected) wrong += 1;
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
    wrong,
    cpuMs: (processCpuMs(side.process.pid) - cpuBefore) / Math.max(1, result.requests.total),
  };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
};

export async function runFederationBench(sidesWanted?: readonly string[]): Promise<void> {
  const chosen = FEDERATION_SIDES.filter((name) =>
    sidesWanted === undefined ? DEFAULT_SIDES.includes(name) : sidesWanted.includes(name),
  );
  if (chosen.length === 0) return;
  const wantHive = (chosen.includes('hive') || chosen.includes('hive-rust')) && ensurePeers();
  const work = mkdtempSync(join(tmpdir(), 'atrium-fedbench-'));
  const subgraphs = await startProcess([join(DIST, 'bench/federation/main.js')], process.env, REST_CPU);
  const urls = Object.fromEntries(
    subgraphs.url.split(',').map((pair) => pair.split('=') as [string, string]),
  );
  const supergraphSdl = compose(urls);
  const supergraphFile = join(work, 'supergraph.graphql');
  const strippedFile = join(work, 'supergraph-stripped.graphql');
  writeFileSync(supergraphFile, supergraphSdl);
  writeFileSync(strippedFile, prepareSupergraph(supergraphSdl, directivesOf(policyTable)).gatewaySdl);

  const issuer = await startDevOidcProvider({ port: 0 });
  const token = await issuer.issueToken({ clientId: 'demo-app', scope: 'read:users' });
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

  const env = {
    ...process.env,
    NODE_ENV: 'production',
    SUPERGRAPH_FILE: supergraphFile,
    LKG_DIR: join(work, 'lkg'),
  };
  const hub = [...HUB_NODE_FLAGS, join(DIST, 'bench/targets/atrium-hub.js')];
  const sides: Side[] = [];
  try {
    for (const name of chosen) {
      if (name === 'plain') {
        const started = await startProcess(
          [join(DIST, 'bench/targets/plain-gateway.js')],
          { ...env, SUPERGRAPH_FILE: strippedFile },
          GATEWAY_CPU,
        );
        sides.push({ name, headers: {}, ...started });
      } else if (name === 'hub') {
        sides.push({ name, headers: {}, ...(await startProcess(hub, env, GATEWAY_CPU)) });
      } else if (name === 'hub-alt') {
        const flags = (process.env.BENCH_ALT_NODE_FLAGS ?? '').split(' ').filter(Boolean);
        sides.push({ name, headers: {}, ...(await startProcess([...flags, ...hub], env, GATEWAY_CPU)) });
      } else if (name === 'hub-gwexec') {
        sides.push({
          name,
          headers: {},
          ...(await startProcess(hub, { ...env, EXECUTOR: 'gateway' }, GATEWAY_CPU)),
        });
      } else if (name === 'hub-nodedupe') {
        sides.push({
          name,
          headers: {},
          ...(await startProcess(hub, { ...env, DEDUPE: 'off' }, GATEWAY_CPU)),
        });
      } else if (name === 'hub+all') {
        const started = await startProcess(
          hub,
          {
            ...env,
            ISSUER: issuer.issuer,
            AUDIENCE: DEV_AUDIENCE,
            QUOTAS_REDIS_URL: REDIS_URL,
            USAGE_URL: sinkUrl,
          },
          GATEWAY_CPU,
        );
        sides.push({ name, headers: { authorization: `Bearer ${token}` }, ...started });
      } else if (wantHive) {
        const started = await startProcess(
          [join(PEERS, 'hive-gateway.mjs')],
          { ...env, SUPERGRAPH_FILE: strippedFile, HIVE_ROUTER_RUNTIME: name === 'hive-rust' ? '1' : '0' },
          GATEWAY_CPU,
        );
        sides.push({ name, headers: {}, ...started });
      }
    }
    const expected = new Map<SideName, string>();
    for (const side of sides) expected.set(side.name, await checkAnswer(side));
    const sample = expected.get(sides[0]?.name ?? 'plain') ?? '';
    log(
      `federation workload: answer ${Buffer.byteLength(sample)} bytes; ${canPin ? `gateways on CPU ${GATEWAY_CPU}, the rest on CPU ${REST_CPU}` : 'taskset unavailable: not pinned'}; ${CONNECTIONS} connections`,
    );

    const summary: Record<
      string,
      Record<string, { rps: number; p50: number; p99: number; cpu: number }>
    > = {};
    const results: Record<string, Record<string, Run[]>> = {};
    for (const mode of MODES) {
      log(`mode ${mode}: warm-up ${WARMUP_S} s each, then ${ROUNDS} rotating rounds of ${DURATION_S} s`);
      const runs: Record<string, Run[]> = Object.fromEntries(sides.map((side) => [side.name, []]));
      // The identical mode's body answers as the distinct one does; its first answer is the expected body.
      for (const side of sides) await measure(side, WARMUP_S, mode, expected.get(side.name) ?? '');
      for (let round = 0; round < ROUNDS; round++) {
        const shift = round % sides.length;
        for (const side of [...sides.slice(shift), ...sides.slice(0, shift)]) {
          const run = await measure(side, DURATION_S, mode, expected.get(side.name) ?? '');
          runs[side.name]?.push(run);
          log(
            `${mode} round ${round + 1} ${side.name.padEnd(8)} ${run.rps.toFixed(0).padStart(6)} rps  p50 ${run.p50} ms  p99 ${run.p99} ms  errors ${run.errors}  wrong answers ${run.wrong}  cpu ${run.cpuMs.toFixed(2)} ms/request`,
          );
          if (run.wrong > 0) throw new Error(`${side.name} gave ${run.wrong} answers unlike the checked one`);
        }
      }
      results[mode] = runs;
      const of = (list: readonly Run[]) => ({
        rps: median(list.map((r) => r.rps)),
        p50: median(list.map((r) => r.p50)),
        p99: median(list.map((r) => r.p99)),
        cpu: median(list.map((r) => r.cpuMs)),
      });
      const modeSummary = Object.fromEntries(sides.map((side) => [side.name, of(runs[side.name] ?? [])]));
      summary[mode] = modeSummary;
      const plain = modeSummary['plain'];
      log('');
      for (const side of sides) {
        const s = modeSummary[side.name];
        if (s === undefined) continue;
        const ratio = (a: number, b: number | undefined) =>
          b && Number.isFinite(a / b) ? (a / b).toFixed(2) : 'n/a';
        log(
          `${mode} ${side.name.padEnd(8)} median ${s.rps.toFixed(0).padStart(6)} rps  p50 ${s.p50} ms  p99 ${s.p99} ms  RPS/plain ${ratio(s.rps, plain?.rps)}  p99/plain ${ratio(s.p99, plain?.p99)}  RPS/hive ${ratio(s.rps, modeSummary['hive']?.rps)}  cpu ${s.cpu.toFixed(2)} ms/request (plain/this ${ratio(plain?.cpu ?? NaN, s.cpu)})`,
        );
      }
      log('');
    }
    // After: every side still answers the reference.
    for (const side of sides) await checkAnswer(side);
    log(`usage sink: ${sink.batches} batches, ${sink.bytes} bytes (gzip)`);
    writeResultsFile(ROOT, 'federation-latest.json', { ROUNDS, DURATION_S, CONNECTIONS, results, summary });
  } finally {
    for (const side of sides) side.process.kill('SIGTERM');
    subgraphs.process.kill('SIGTERM');
    await issuer.close();
    usageSink.close();
  }
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}
