// One PGlite data directory, one registry: a second registry process is refused at start, a lock left by a dead
// process (a crash, kill -9) is taken over. The registries here are real `atrium registry start` processes.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RegistryError } from '../../registry/errors.js';
import { createRegistry } from '../../registry/server.js';
import { lockDataDir } from '../../registry/storage/data-dir-lock.js';
import { spawnCli, type CliProcess } from '../helpers/cli-process.js';
import { fieldSubgraphSdl } from '../helpers/registry.js';

const ADMIN = 'atr_test_admin_token_0123456789abcdef';
const LOCK_FILE = 'atrium-registry.lock';

let work: string;
let dataDir: string;
const started: CliProcess[] = [];

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'atrium-lock-'));
  dataDir = join(work, 'registry-db');
});
afterEach(async () => {
  for (const process of started.splice(0)) {
    process.child.kill('SIGKILL');
    await process.exited;
  }
  await rm(work, { recursive: true, force: true });
});

function startCliRegistry(): CliProcess {
  const registry = spawnCli(['registry', 'start', '--port', '0', '--data-dir', dataDir, '--json'], {
    ATRIUM_ADMIN_TOKEN: ADMIN,
  });
  started.push(registry);
  return registry;
}

async function urlOf(registry: CliProcess): Promise<string> {
  const line = await registry.line((text) => text.startsWith('{"url"'), 60_000);
  return (JSON.parse(line) as { url: string }).url;
}

async function publish(url: string, subgraph: string): Promise<number> {
  const base = `${url}/v1/graphs/shop/variants/current`;
  const headers = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
  await fetch(`${url}/v1/graphs`, { method: 'POST', headers, body: JSON.stringify({ name: 'shop' }) });
  const response = await fetch(`${base}/subgraphs/${subgraph}`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      sdl: fieldSubgraphSdl(`${subgraph}Field`),
      routingUrl: `http://${subgraph}/graphql`,
    }),
  });
  return response.status;
}

async function subgraphNames(url: string): Promise<string[]> {
  const response = await fetch(`${url}/v1/graphs/shop/variants/current/subgraphs`, {
    headers: { authorization: `Bearer ${ADMIN}` },
  });
  const body = (await response.json()) as { subgraphs: { name: string }[] };
  return body.subgraphs.map((subgraph) => subgraph.name);
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  if (child.pid === undefined) throw new Error('no pid');
  return child.pid;
}

function capturingLogger(): { logger: pino.Logger; text: () => string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino(stream), text: () => lines.join('') };
}

describe('the PGlite data directory lock', () => {
  it('refuses a second registry process on the same data directory, naming the pid and the directory', async () => {
    const first = startCliRegistry();
    const url = await urlOf(first);
    expect(await publish(url, 'users')).toBe(201);
    const lock = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as Record<string, unknown>;
    expect(lock).toMatchObject({ pid: first.pid, hostname: hostname() });

    const second = startCliRegistry();
    expect(await second.exited).toBe(1);
    // With --json the CLI prints `{ error: { code, message, ...details } }` on stdout.
    const { error } = JSON.parse(second.stdout()) as { error: Record<string, unknown> };
    expect(error).toMatchObject({ code: 'DATA_DIR_LOCKED', pid: first.pid, dataDir });
    expect(error.message).toContain(`pid ${first.pid}`);
    expect(error.message).toContain(dataDir);
    // Without --json: `error: [DATA_DIR_LOCKED] …` on stderr, no stack trace.
    const plain = spawnCli(['registry', 'start', '--port', '0', '--data-dir', dataDir], {
      ATRIUM_ADMIN_TOKEN: ADMIN,
    });
    started.push(plain);
    expect(await plain.exited).toBe(1);
    expect(plain.stderr()).toMatch(
      new RegExp(
        `^error: \\[DATA_DIR_LOCKED\\] The data directory ${dataDir} is in use by another registry \\(pid ${first.pid} `,
      ),
    );
    expect(plain.stderr()).not.toContain('    at ');

    // In this process too: the refusal is the catalogue error, with its details.
    const refused = await createRegistry({ dataDir, logger: false }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RegistryError);
    expect(refused).toMatchObject({ code: 'DATA_DIR_LOCKED', details: { pid: first.pid, dataDir } });

    // The first registry is unharmed, and releases the lock when it stops.
    expect(await subgraphNames(url)).toEqual(['users']);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    const next = await createRegistry({ dataDir, adminToken: ADMIN, logger: false });
    try {
      const answer = await next.app.inject({
        url: '/v1/graphs/shop/variants/current/subgraphs',
        headers: { authorization: `Bearer ${ADMIN}` },
      });
      expect(answer.json<{ subgraphs: { name: string }[] }>().subgraphs.map((s) => s.name)).toEqual([
        'users',
      ]);
    } finally {
      await next.close();
    }
  }, 120_000);

  it('takes over a lock whose process is gone, and says so in the log', async () => {
    const pid = await deadPid();
    const first = await createRegistry({ dataDir, adminToken: ADMIN, logger: false });
    await first.close();
    writeFileSync(
      join(dataDir, LOCK_FILE),
      JSON.stringify({ pid, hostname: hostname(), startedAt: '2020-01-01T00:00:00.000Z' }),
    );

    const { logger, text } = capturingLogger();
    const registry = await createRegistry({ dataDir, adminToken: ADMIN, logger });
    try {
      expect(text()).toContain('stale');
      expect(text()).toContain(`"stalePid":${pid}`);
      const lock = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as Record<string, unknown>;
      expect(lock).toMatchObject({ pid: process.pid, hostname: hostname() });
    } finally {
      await registry.close();
    }
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  });

  it('lets exactly one of several racing starts take over a stale lock', async () => {
    mkdirSync(dataDir, { recursive: true });
    const stale = { pid: await deadPid(), hostname: hostname(), startedAt: '2020-01-01T00:00:00.000Z' };
    writeFileSync(join(dataDir, LOCK_FILE), JSON.stringify(stale));
    const outcomes = await Promise.allSettled(Array.from({ length: 4 }, () => lockDataDir(dataDir)));
    const held = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(held).toHaveLength(1);
    expect(refused.map((outcome) => (outcome.reason as RegistryError).code)).toEqual([
      'DATA_DIR_LOCKED',
      'DATA_DIR_LOCKED',
      'DATA_DIR_LOCKED',
    ]);
    await held[0]?.value.release();
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  });

  it('takes over the lock of a registry killed with SIGKILL, and keeps what it acknowledged', async () => {
    const killed = startCliRegistry();
    const url = await urlOf(killed);
    expect(await publish(url, 'users')).toBe(201);
    killed.child.kill('SIGKILL');
    expect(await killed.exited).toBe('SIGKILL');
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: killed.pid });

    const next = startCliRegistry();
    const nextUrl = await urlOf(next);
    expect(await subgraphNames(nextUrl)).toEqual(['users']);
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: next.pid });
    // With --json, stdout holds only the start-up document: the logs are on stderr.
    expect(next.stderr()).toContain(`"stalePid":${killed.pid}`);
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
  }, 120_000);
});
