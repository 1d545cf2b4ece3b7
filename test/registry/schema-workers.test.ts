// Composition and diffing run off the main thread, bounded: while large checks and publishes compose, /health,
// supergraph polls and reads keep answering; per-graph check limits, the queue bound, task deadlines and SDL
// limits answer with catalogue codes. Registries on real ports, real HTTP.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type RunningRegistry, type StartRegistryOptions } from '../../registry/server.js';
import { fieldSubgraphSdl, wideSubgraphSdl } from '../helpers/registry.js';

const ADMIN = 'atr_test_admin_token_0123456789abcdef';
/** About 30,000 fields and 670 KB: seconds of composition and diffing per check. */
const TYPES = 600;
const FIELDS_PER_TYPE = 50;
const WIDE_LIMITS = { maxSdlFields: 100_000 };

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function call(
  registry: RunningRegistry,
  method: string,
  path: string,
  body?: unknown,
  token = ADMIN,
): Promise<Answer> {
  const response = await fetch(registry.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/** A registry with graph `big` holding one small subgraph. */
async function registryWithGraph(options: StartRegistryOptions = {}): Promise<RunningRegistry> {
  const registry = await startRegistry({
    dataDir: 'memory://',
    adminToken: ADMIN,
    logger: false,
    ...options,
  });
  expect((await call(registry, 'POST', '/v1/graphs', { name: 'big' })).status).toBe(201);
  const published = await call(registry, 'POST', '/v1/graphs/big/variants/current/subgraphs/small', {
    sdl: fieldSubgraphSdl('hello'),
    routingUrl: 'http://small/graphql',
  });
  expect(published.status).toBe(201);
  return registry;
}

function wideCheck(registry: RunningRegistry, tag: string, graph = 'big', token = ADMIN): Promise<Answer> {
  return call(
    registry,
    'POST',
    `/v1/graphs/${graph}/variants/current/checks`,
    { subgraph: 'wide', sdl: wideSubgraphSdl(TYPES, FIELDS_PER_TYPE, tag) },
    token,
  );
}

interface Poll {
  readonly path: string;
  readonly status: number;
  readonly ms: number;
  readonly duringWork: boolean;
}

/** Polls each path (one request at a time, every 50 ms) until `work` settles. */
async function pollWhile<T>(
  registry: RunningRegistry,
  paths: readonly string[],
  work: Promise<T>,
  token = ADMIN,
): Promise<{ result: T; polls: Poll[] }> {
  let running = true;
  const done = work.finally(() => {
    running = false;
  });
  const polls: Poll[] = [];
  const poll = async (path: string): Promise<void> => {
    while (running) {
      const start = performance.now();
      const answer = await call(registry, 'GET', path, undefined, token);
      polls.push({ path, status: answer.status, ms: performance.now() - start, duringWork: running });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const [result] = await Promise.all([done, ...paths.map(poll)]);
  return { result, polls };
}

describe('a burst of large checks', () => {
  let registry: RunningRegistry;
  let reader: string;
  beforeAll(async () => {
    registry = await registryWithGraph(WIDE_LIMITS);
    const created = await call(registry, 'POST', '/v1/tokens', { name: 'poller', role: 'reader' });
    reader = created.body.secret as string;
  });
  afterAll(async () => {
    await registry.close();
  });

  it('keeps /health and supergraph polls answering while the checks run', async () => {
    const supergraph = '/v1/graphs/big/variants/current/supergraph';
    const { result: answers, polls } = await pollWhile(
      registry,
      ['/health', supergraph],
      Promise.all([1, 2, 3].map((n) => wideCheck(registry, `burst${n}`, 'big', reader))),
      reader,
    );
    for (const answer of answers) {
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      // Each check adds the new subgraph's 600 types and their Query fields: real work was done.
      const check = answer.body.check as { report: { changes: unknown[] } };
      expect(check.report.changes).toHaveLength(2 * TYPES + 1);
    }
    for (const path of ['/health', supergraph]) {
      const during = polls.filter((p) => p.path === path && p.duringWork);
      // Seconds of checks: a poll every ~50 ms answers many times while they run.
      expect(during.length, path).toBeGreaterThanOrEqual(5);
      for (const p of during) expect(p.status, path).toBe(200);
      // Generous: the checks take seconds each; a blocked event loop would hold a poll for all of that.
      expect(Math.max(...during.map((p) => p.ms)), path).toBeLessThan(2_000);
    }
  }, 120_000);

  it('answers reads of the variant while a large publish composes (no transaction is open meanwhile)', async () => {
    const { result: published, polls } = await pollWhile(
      registry,
      ['/v1/graphs/big/variants/current/subgraphs'],
      call(registry, 'POST', '/v1/graphs/big/variants/current/subgraphs/wide', {
        sdl: wideSubgraphSdl(TYPES, FIELDS_PER_TYPE, 'published'),
        routingUrl: 'http://wide/graphql',
      }),
    );
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const during = polls.filter((p) => p.duringWork);
    expect(during.length).toBeGreaterThanOrEqual(5);
    for (const p of during) expect(p.status).toBe(200);
    const after = await call(registry, 'GET', '/v1/graphs/big/variants/current/subgraphs');
    expect((after.body.subgraphs as { name: string }[]).map((s) => s.name)).toEqual(['small', 'wide']);
  }, 120_000);
});

describe('bounds of the schema work', () => {
  let registry: RunningRegistry | undefined;
  afterEach(async () => {
    await registry?.close();
    registry = undefined;
  });

  it('refuses a check beyond checksPerGraph with 429 TOO_MANY_CHECKS and Retry-After; other graphs go on', async () => {
    registry = await registryWithGraph({ ...WIDE_LIMITS, checksPerGraph: 1 });
    const target = registry;
    expect((await call(target, 'POST', '/v1/graphs', { name: 'other' })).status).toBe(201);
    expect((await call(target, 'POST', '/v1/graphs/other/variants', { name: 'current' })).status).toBe(201);
    const first = wideCheck(target, 'first');
    // The first check is admitted when its request arrives; give it that moment.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const small = { subgraph: 'small', sdl: fieldSubgraphSdl('hello') };
    const [second, otherGraph] = await Promise.all([
      call(target, 'POST', '/v1/graphs/big/variants/current/checks', small),
      call(target, 'POST', '/v1/graphs/other/variants/current/checks', small),
    ]);
    expect(second.status).toBe(429);
    expect(second.body).toMatchObject({ code: 'TOO_MANY_CHECKS', graph: 'big', limit: 1 });
    const retryAfter = Number(second.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(second.body.retryAfterSeconds).toBe(retryAfter);
    expect(otherGraph.status, JSON.stringify(otherGraph.body)).toBe(201);
    expect((await first).status).toBe(201);
    // Once the first is done, the graph takes checks again.
    expect((await call(target, 'POST', '/v1/graphs/big/variants/current/checks', small)).status).toBe(201);
  }, 120_000);

  it('refuses checks beyond the queue with 503 REGISTRY_BUSY, but never a publish', async () => {
    registry = await registryWithGraph({ ...WIDE_LIMITS, schemaWorkers: 1, schemaQueueLimit: 1 });
    const target = registry;
    const checks = [1, 2, 3, 4, 5].map((n) => wideCheck(target, `queued${n}`));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const publish = call(target, 'POST', '/v1/graphs/big/variants/current/subgraphs/extra', {
      sdl: fieldSubgraphSdl('extra'),
      routingUrl: 'http://extra/graphql',
    });
    const answers = await Promise.all(checks);
    const busy = answers.filter((answer) => answer.status === 503);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    for (const answer of busy) {
      expect(answer.body.code).toBe('REGISTRY_BUSY');
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    for (const answer of answers.filter((a) => a.status !== 503)) expect(answer.status).toBe(201);
    expect((await publish).status).toBe(201);
  }, 120_000);

  it('stops a task past its deadline with 503 SCHEMA_WORK_TIMEOUT, stores nothing, and replaces the worker', async () => {
    registry = await registryWithGraph({ ...WIDE_LIMITS, schemaWorkers: 1, schemaTaskTimeoutMs: 300 });
    const target = registry;
    const slow = await call(target, 'POST', '/v1/graphs/big/variants/current/subgraphs/wide', {
      sdl: wideSubgraphSdl(TYPES, FIELDS_PER_TYPE, 'slow'),
      routingUrl: 'http://wide/graphql',
    });
    expect(slow.status).toBe(503);
    expect(slow.body).toMatchObject({ code: 'SCHEMA_WORK_TIMEOUT', timeoutMs: 300 });
    const listed = await call(target, 'GET', '/v1/graphs/big/variants/current/subgraphs');
    expect((listed.body.subgraphs as { name: string }[]).map((s) => s.name)).toEqual(['small']);
    // A new worker takes the next task.
    const small = await call(target, 'POST', '/v1/graphs/big/variants/current/subgraphs/extra', {
      sdl: fieldSubgraphSdl('extra'),
      routingUrl: 'http://extra/graphql',
    });
    expect(small.status, JSON.stringify(small.body)).toBe(201);
  }, 120_000);

  it('refuses SDL over maxSdlBytes (413) and over maxSdlFields (422), for checks and publishes', async () => {
    registry = await registryWithGraph({ maxSdlBytes: 4_000, maxSdlFields: 20 });
    const target = registry;
    const large = `${fieldSubgraphSdl('large')}${'# padding\n'.repeat(400)}`;
    const tooLarge = await call(target, 'POST', '/v1/graphs/big/variants/current/subgraphs/large', {
      sdl: large,
      routingUrl: 'http://large/graphql',
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({
      code: 'SDL_TOO_LARGE',
      subgraph: 'large',
      bytes: Buffer.byteLength(large),
      limit: 4_000,
    });
    const checkTooLarge = await call(target, 'POST', '/v1/graphs/big/variants/current/checks', {
      subgraph: 'large',
      sdl: large,
    });
    expect(checkTooLarge.body.code).toBe('SDL_TOO_LARGE');

    const wide = wideSubgraphSdl(3, 4, 'wide'); // 3 × 4 fields with one argument each, plus 4 Query fields: 28
    const tooMany = await call(target, 'POST', '/v1/graphs/big/variants/current/subgraphs/wide', {
      sdl: wide,
      routingUrl: 'http://wide/graphql',
    });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body).toMatchObject({ code: 'SDL_TOO_MANY_FIELDS', subgraph: 'wide', limit: 20 });
    const checkTooMany = await call(target, 'POST', '/v1/graphs/big/variants/current/checks', {
      subgraph: 'wide',
      sdl: wide,
    });
    expect(checkTooMany.status).toBe(422);
    expect(checkTooMany.body.code).toBe('SDL_TOO_MANY_FIELDS');
    const checks = await call(target, 'GET', '/v1/graphs/big/variants/current/checks');
    expect((checks.body.checks as { origin: string }[]).map((c) => c.origin)).toEqual(['publish']);
    const within = await call(target, 'POST', '/v1/graphs/big/variants/current/subgraphs/narrow', {
      sdl: wideSubgraphSdl(2, 3, 'narrow'), // 2 × 3 × 2 + 3 = 15
      routingUrl: 'http://narrow/graphql',
    });
    expect(within.status, JSON.stringify(within.body)).toBe(201);
  }, 60_000);
});
