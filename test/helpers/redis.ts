/**
 * Redis for the quota tests: the shared server (`REDIS_URL`, default redis://127.0.0.1:6379), unique key prefixes
 * per test, Redis servers of a test's own (`redis-server` child processes on free ports, to kill and start
 * again), and a TCP proxy in front of the shared server that can be cut and restored.
 *
 * Without a reachable shared Redis the suites are skipped with a printed reason, except in CI (`CI=true`), where
 * they fail. Suites that start their own `redis-server` need the binary on PATH, with the same rule.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { beforeAll, describe } from 'vitest';
import { waitFor } from './wait.js';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const inCi = process.env.CI === 'true';

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/** A client for inspecting a Redis in tests: no retries, fails fast. Close it with `disconnect()`. */
export function inspector(url: string): Redis {
  return new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 3_000,
  });
}

async function probeRedis(url: string): Promise<string | null> {
  const client = inspector(url);
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    client.disconnect();
  }
}

const redisProblem = await probeRedis(TEST_REDIS_URL);
const redisServerBinary = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
const binaryProblem =
  redisServerBinary.error !== undefined
    ? `redis-server is not on PATH (${redisServerBinary.error.message})`
    : null;

/** A key prefix no other test uses (`atrium-test:<random>:`). */
export function uniqueKeyPrefix(): string {
  return `atrium-test:${randomBytes(6).toString('hex')}:`;
}

/** Deletes the keys under a prefix on the shared Redis. */
export async function deleteKeys(prefix: string, url = TEST_REDIS_URL): Promise<void> {
  const client = inspector(url);
  client.on('error', () => undefined);
  try {
    await client.connect();
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

/**
 * Declares a suite needing the shared Redis. `needsRedisServer`: it also starts `redis-server` processes of its
 * own.
 */
export function describeWithRedis(title: string, body: () => void, { needsRedisServer = false } = {}): void {
  const problem =
    redisProblem !== null
      ? `Redis is unreachable at ${redact(TEST_REDIS_URL)} (${redisProblem})`
      : needsRedisServer
        ? binaryProblem
        : null;
  const skip = problem !== null && !inCi;
  if (skip)
    console.warn(`Skipping "${title}": ${problem}. Set REDIS_URL (or install redis-server) to run it.`);
  describe.skipIf(skip)(title, () => {
    beforeAll(() => {
      if (problem !== null) throw new Error(`Redis is required when CI=true: ${problem}`);
    });
    body();
  });
}

/** A port nobody listens on right now (the OS's next ephemeral port, released again). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface RedisServerProcess {
  readonly port: number;
  readonly url: string;
  /** Whether the process runs. */
  readonly running: boolean;
  /** Kills the process (SIGKILL: no shutdown, connections reset) and waits for its exit. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: nothing is persisted). */
  start(): Promise<void>;
  /** Kills it for good and removes its directory. Always call it (`finally`, `afterAll`). */
  stop(): Promise<void>;
}

/** Every redis-server a test started and has not stopped: killed when the test process exits, whatever happened. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A `redis-server` of the test's own on a free port, without persistence. `extraArgs`: e.g. cluster mode. */
export async function startRedisServer(extraArgs: readonly string[] = []): Promise<RedisServerProcess> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'atrium-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let output = '';

  async function kill(): Promise<void> {
    child?.kill('SIGKILL');
    await exited;
  }

  async function start(): Promise<void> {
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ];
    const started = spawn('redis-server', [...args, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    running.add(started);
    started.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    started.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    exited = new Promise((resolve) =>
      started.once('exit', () => {
        running.delete(started);
        resolve();
      }),
    );
    try {
      await waitFor(async () => ((await probeRedis(url)) === null ? true : undefined), {
        timeoutMs: 10_000,
        what: `redis-server on port ${port} (output: ${output})`,
      });
    } catch (error) {
      await kill();
      throw error;
    }
  }

  await start();
  return {
    port,
    url,
    get running() {
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    },
    kill,
    start,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface CuttableProxy {
  readonly url: string;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Refuses new connections and resets the open ones, as a crashed Redis would. */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  /**
   * Keeps every connection open but passes nothing on any more, and holds new ones the same way: a Redis that
   * accepts commands and never answers.
   */
  freeze(): void;
  /** Passes data again: the held connections are reset, new ones are proxied. */
  thaw(): void;
  close(): Promise<void>;
}

/** A TCP proxy on a free port in front of `target`, which a test can cut, restore, freeze and thaw. */
export async function startCuttableProxy(targetUrl = TEST_REDIS_URL): Promise<CuttableProxy> {
  const target = new URL(targetUrl);
  const port = await freePort();
  const sockets = new Set<Socket>();
  const held = new Set<Socket>();
  const freezers = new Map<Socket, () => void>();
  let server: Server | undefined;
  let frozen = false;
  let connections = 0;

  function track(socket: Socket): void {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      held.delete(socket);
      freezers.delete(socket);
    });
    socket.on('error', () => undefined);
  }
  function hold(client: Socket): void {
    held.add(client);
    client.pause();
  }

  async function listen(): Promise<void> {
    const next = createServer((client) => {
      connections += 1;
      track(client);
      if (frozen) {
        hold(client);
        return;
      }
      const upstream = connect(Number(target.port || 6379), target.hostname);
      track(upstream);
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      freezers.set(client, () => {
        client.unpipe(upstream);
        upstream.unpipe(client);
        upstream.pause();
        hold(client);
      });
    });
    await new Promise<void>((resolve) => next.listen(port, '127.0.0.1', resolve));
    server = next;
  }
  async function stop(): Promise<void> {
    const current = server;
    server = undefined;
    for (const socket of sockets) socket.resetAndDestroy();
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  }

  await listen();
  return {
    url: `redis://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    cut: stop,
    restore: listen,
    freeze() {
      frozen = true;
      for (const freeze of freezers.values()) freeze();
      freezers.clear();
    },
    thaw() {
      frozen = false;
      for (const socket of held) socket.resetAndDestroy();
    },
    close: stop,
  };
}
