/**
 * The hub's client records from the registry: validated, polled with If-None-Match, saved as last-known-good
 * and used from there when the registry is down at boot (degraded, with the reason), a tampered copy refused,
 * a deadline on each poll; and the configuration's `clients.records` for a file-based hub.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientRecords } from '../../hub/clients/client-records.js';
import { loadHubConfig } from '../../hub/config/load-hub-config.js';
import { HubError } from '../../hub/errors.js';
import { startHangingServer } from '../helpers/hanging-server.js';
import { silentLogger, tempDir } from '../helpers/hub.js';

const TOKEN = 'reader-token';
const SET = {
  graph: 'shop',
  clients: [
    {
      id: 'mobile',
      displayName: 'Mobile',
      recognition: { kind: 'client-id', clientIds: ['mobile-app'] },
      tier: 'free',
      rate: { requests: 5, windowSeconds: 60 },
      budget: null,
      overrides: {},
      persistedOperations: 'off',
      reserved: false,
      version: 1,
      createdBy: 'admin',
      createdAt: '2026-12-01T00:00:00.000Z',
      updatedBy: null,
      updatedAt: null,
    },
  ],
};

interface Registry {
  url: string;
  requests: { ifNoneMatch: string | undefined; authorization: string | undefined }[];
  close(): Promise<void>;
}

async function startRegistry(body: unknown): Promise<Registry> {
  const requests: Registry['requests'] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ ifNoneMatch: req.headers['if-none-match'], authorization: req.headers.authorization });
    if (req.url !== '/v1/graphs/shop/clients') {
      res.writeHead(404).end();
      return;
    }
    if (req.headers['if-none-match'] === '"v1"') {
      res.writeHead(304, { etag: '"v1"' }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', etag: '"v1"' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => dir.remove());

function configFor(url: string, timeoutMs = 1_000) {
  return loadHubConfig({
    env: {},
    overrides: {
      supergraph: { registry: { url, graph: 'shop@prod', token: TOKEN, pollIntervalMs: 50, timeoutMs } },
      lastKnownGood: { dir: dir.path },
    },
  });
}

describe('client records from the registry', () => {
  it('loads the set, polls with If-None-Match, saves it, and uses the copy when the registry is down at boot', async () => {
    const registry = await startRegistry(SET);
    const records = createClientRecords(configFor(registry.url), silentLogger());
    expect(records.current().clients.map((client) => client.id)).toEqual(['default', 'anonymous']);
    await records.start();
    expect(records.status()).toEqual({ state: 'ready' });
    expect(records.current().clients.map((client) => client.id)).toEqual(['mobile', 'default', 'anonymous']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await records.stop();
    await registry.close();
    expect(registry.requests[0]).toEqual({ ifNoneMatch: undefined, authorization: `Bearer ${TOKEN}` });
    expect(registry.requests.slice(1).every((request) => request.ifNoneMatch === '"v1"')).toBe(true);
    expect(registry.requests.length).toBeGreaterThan(1);

    // The registry is gone: a new hub starts on the last-known-good copy, and says so.
    const restarted = createClientRecords(configFor(registry.url), silentLogger());
    await restarted.start();
    await restarted.stop();
    expect(restarted.current().clients.map((client) => client.id)).toEqual([
      'mobile',
      'default',
      'anonymous',
    ]);
    const status = restarted.status();
    expect(status.state).toBe('degraded');
    expect(status.state === 'degraded' && status.reason).toMatch(
      /last-known-good copy of .*registry unreachable: /,
    );

    // An edited copy is refused: only the reserved records apply.
    const path = join(dir.path, 'shop.clients.json');
    await writeFile(path, (await readFile(path, 'utf8')).replace('"requests":5', '"requests":5000'));
    const tampered = createClientRecords(configFor(registry.url), silentLogger());
    await tampered.start();
    await tampered.stop();
    expect(tampered.current().clients.map((client) => client.id)).toEqual(['default', 'anonymous']);
    const refused = tampered.status();
    expect(refused.state === 'degraded' && refused.reason).toMatch(/does not match the hash it records/);
  });

  it('refuses a set it cannot use and keeps the reserved records', async () => {
    const registry = await startRegistry({
      graph: 'shop',
      clients: [{ ...SET.clients[0], rate: { requests: 0, windowSeconds: 60 } }],
    });
    const records = createClientRecords(configFor(registry.url), silentLogger());
    await records.start();
    await records.stop();
    await registry.close();
    const status = records.status();
    expect(status.state === 'degraded' && status.reason).toMatch(
      /client-record set the hub cannot use \(clients\.0\.rate\.requests/,
    );
  });

  it('gives up a poll at its deadline when the registry never answers', async () => {
    const hanging = await startHangingServer('silent');
    const records = createClientRecords(configFor(hanging.url, 200), silentLogger());
    const started = Date.now();
    await records.start();
    await records.stop();
    await hanging.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    const status = records.status();
    expect(status.state === 'degraded' && status.reason).toMatch(/timed out/);
  });
});

describe('client records in the configuration file', () => {
  function configError(run: () => unknown): HubError {
    try {
      run();
    } catch (error) {
      if (error instanceof HubError) return error;
      throw error;
    }
    throw new Error('expected a configuration error');
  }

  it('validates them, fills in the reserved records, and refuses them on a registry hub', () => {
    const config = loadHubConfig({
      env: {},
      overrides: {
        supergraph: { file: '/x.graphql' },
        clients: {
          graph: 'shop',
          records: [
            {
              id: 'office',
              recognition: { kind: 'remote-address', addresses: ['192.0.2.0/24'] },
              rate: { requests: 10, windowSeconds: 1 },
            },
            { id: 'anonymous', rate: { requests: 5, windowSeconds: 60 } },
          ],
        },
      },
    });
    expect(config.clients).toMatchObject({
      source: 'config',
      set: {
        graph: 'shop',
        clients: [
          { id: 'office', displayName: 'office', tier: null, budget: null, persistedOperations: 'off' },
          {
            id: 'anonymous',
            tier: 'anonymous',
            rate: { requests: 5, windowSeconds: 60 },
            budget: { points: 20_000 },
          },
          { id: 'default', rate: { requests: 1_200, windowSeconds: 60 } },
        ],
      },
    });

    const error = configError(() =>
      loadHubConfig({
        env: {},
        overrides: {
          supergraph: { file: '/x.graphql' },
          server: { trustedProxies: ['10.0.0.1/8'] },
          clients: {
            records: [
              {
                id: 'a',
                recognition: { kind: 'client-id', clientIds: ['x'] },
                rate: { requests: 0, windowSeconds: 60 },
              },
              { id: 'b', recognition: { kind: 'client-id', clientIds: ['x'] } },
              { id: 'c' },
              { id: 'default', recognition: { kind: 'client-id', clientIds: ['y'] } },
            ],
          },
        },
      }),
    );
    const paths = (error.details['issues'] as { path: string; message: string }[]).map(
      (issue) => `${issue.path}: ${issue.message}`,
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        'server.trustedProxies.[0]: 10.0.0.1/8 has address bits set beyond /8: the network is 10.0.0.0/8',
        expect.stringMatching(/^clients\.records\.\[0\]\.rate\.requests: /),
        expect.stringMatching(/^clients\.records\.\[2\]\.recognition: required/),
      ]),
    );
    const duplicate = configError(() =>
      loadHubConfig({
        env: {},
        overrides: {
          supergraph: { file: '/x.graphql' },
          clients: {
            records: [
              { id: 'a', recognition: { kind: 'client-id', clientIds: ['x'] } },
              { id: 'b', recognition: { kind: 'client-id', clientIds: ['x'] } },
              { id: 'default', recognition: { kind: 'client-id', clientIds: ['y'] } },
            ],
          },
        },
      }),
    );
    expect(duplicate.message).toMatch(/client id x is also in a/);
    expect(duplicate.message).toMatch(/the reserved record default is recognised as "default" only/);

    const onRegistry = configError(() =>
      loadHubConfig({
        env: {},
        overrides: {
          supergraph: { registry: { url: 'http://127.0.0.1:1', graph: 'shop@prod', token: 't' } },
          clients: { records: [] },
        },
      }),
    );
    expect(onRegistry.message).toMatch(
      /clients\.records: a hub polling the registry takes its client records from there/,
    );
  });

  it('maps REDIS_URL to the quotas store unless quotas.store is configured', () => {
    const withRedis = loadHubConfig({
      env: { REDIS_URL: 'redis://redis:6379' },
      overrides: { supergraph: { file: '/x' } },
    });
    expect(withRedis.policies['quotas']).toMatchObject({
      enabled: true,
      options: { store: { kind: 'redis', url: 'redis://redis:6379', timeoutMs: 50, failure: 'failOpen' } },
    });
    expect(withRedis.policies['clients']?.enabled).toBe(true);
    const memory = loadHubConfig({
      env: { REDIS_URL: 'redis://redis:6379' },
      overrides: { supergraph: { file: '/x' }, quotas: { store: { kind: 'memory' } } },
    });
    expect(memory.policies['quotas']?.options).toMatchObject({ store: { kind: 'memory' } });
    const off = loadHubConfig({
      env: { REDIS_URL: 'redis://redis:6379' },
      overrides: { supergraph: { file: '/x' }, quotas: { enabled: false } },
    });
    expect(off.policies['quotas']?.enabled).toBe(false);
    expect(
      loadHubConfig({ env: {}, overrides: { supergraph: { file: '/x' } } }).policies['quotas']?.enabled,
    ).toBe(false);
  });
});
