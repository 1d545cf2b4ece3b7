// End to end: registry + example subgraphs + hub. Two clients send operations whose variables carry input
// objects and enums; the registry's reports show exact counts per client and version (arguments, input fields
// and enum values included) after the hub stops with SIGTERM (a child process), and after the registry was
// down during the traffic and came back. The deprecation report says "in use by demo-app 1.0", then "safe to
// remove" once the usage window has passed (the registry's clock is the test's).
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHubConfig } from '../../../hub/config/load-hub-config.js';
import { startHub } from '../../../hub/server.js';
import { startRegistry, type RunningRegistry } from '../../../registry/server.js';
import { startExampleSubgraphs, type StartedSubgraphs } from '../../../subgraphs-example/index.js';
import { spawnCli } from '../../helpers/cli-process.js';
import {
  countsByClient,
  createRegistryToken,
  publishExampleGraph,
  queryAs,
  usageReport,
  type ClientUsageRow,
} from '../../helpers/usage-stack.js';
import { waitFor } from '../../helpers/wait.js';

const ADMIN_TOKEN = 'atr_e2e_usage_admin_token_0123456789';
const SEARCH = `query Search($filter: ProductFilter!, $sort: ProductSort) {
  searchProducts(filter: $filter, sort: $sort) { upc name }
}`;
const WEB = { name: 'web', version: '1.0' };
const IOS = { name: 'ios', version: '2.1' };
const DAY = 86_400_000;

interface FieldReport {
  total: number;
  clients: ClientUsageRow[];
}

let work: string;
let subgraphs: StartedSubgraphs;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'atrium-usage-e2e-'));
  subgraphs = await startExampleSubgraphs();
});
afterAll(async () => {
  await subgraphs?.close();
  await rm(work, { recursive: true, force: true });
});

describe('usage reporting, hub as a child process stopped with SIGTERM', () => {
  const REF = 'shop@usage';
  let registry: RunningRegistry;

  beforeAll(async () => {
    registry = await startRegistry({ dataDir: 'memory://', adminToken: ADMIN_TOKEN, logger: false });
    await publishExampleGraph(registry.url, ADMIN_TOKEN, REF, subgraphs);
  });
  afterAll(() => registry?.close());

  it('reports exact counts per client and version, arguments, input fields and enum values included', async () => {
    const usageToken = await createRegistryToken(registry.url, ADMIN_TOKEN, 'usage');
    const config = join(work, 'hub.json');
    await writeFile(
      config,
      JSON.stringify({
        server: { port: 0 },
        supergraph: { registry: { url: registry.url, graph: REF, token: ADMIN_TOKEN, pollIntervalMs: 200 } },
        lastKnownGood: { dir: join(work, 'hub-sigterm') },
        // A flush interval far longer than the test: only the stop sends the counts.
        usage: { token: usageToken, flushIntervalMs: 600_000 },
      }),
    );
    const hub = spawnCli(['hub', 'start', '--config', config]);
    try {
      const started = await hub.line(
        (line) => line.includes('"hub started"') && line.includes('"ready":true'),
      );
      const url = (JSON.parse(started) as { url: string }).url;

      for (let i = 0; i < 3; i++) {
        const answer = await queryAs(url, WEB, SEARCH, {
          filter: { nameContains: 'a', maxPrice: 100_000 },
          sort: 'PRICE_DESC',
        });
        expect(answer.body.errors).toBeUndefined();
      }
      for (let i = 0; i < 2; i++) {
        await queryAs(url, IOS, SEARCH, { filter: { legacySku: 'X-1' } });
      }
      await queryAs(
        url,
        IOS,
        '{ searchProducts(filter: { maxPrice: 5000 }, sort: PRICE_ASC) { upc legacyCode } }',
      );
    } finally {
      hub.child.kill('SIGTERM');
    }
    expect(await hub.exited).toBe(0);

    const field = (coordinate: string) =>
      usageReport<FieldReport>(registry.url, ADMIN_TOKEN, REF, `fields/${encodeURIComponent(coordinate)}`);
    expect(countsByClient(await field('Query.searchProducts'))).toEqual({ 'web 1.0': 3, 'ios 2.1': 3 });
    expect(countsByClient(await field('Query.searchProducts(filter:)'))).toEqual({
      'web 1.0': 3,
      'ios 2.1': 3,
    });
    expect(countsByClient(await field('Query.searchProducts(sort:)'))).toEqual({
      'web 1.0': 3,
      'ios 2.1': 3,
    });
    expect(countsByClient(await field('ProductFilter.nameContains'))).toEqual({ 'web 1.0': 3 });
    expect(countsByClient(await field('ProductFilter.maxPrice'))).toEqual({ 'web 1.0': 3, 'ios 2.1': 1 });
    expect(countsByClient(await field('ProductFilter.legacySku'))).toEqual({ 'ios 2.1': 2 });
    expect(countsByClient(await field('ProductSort.PRICE_DESC'))).toEqual({ 'web 1.0': 3 });
    expect(countsByClient(await field('ProductSort.PRICE_ASC'))).toEqual({ 'ios 2.1': 1 });
    expect(countsByClient(await field('Product.legacyCode'))).toEqual({ 'ios 2.1': 1 });
    expect((await field('ProductSort.NAME')).total).toBe(0);
  });
});

describe('usage reporting through a registry outage, and the deprecation verdicts', () => {
  const REF = 'shop@outage';
  let now = Date.now();
  let registry: RunningRegistry | undefined;
  const registryDir = () => join(work, 'registry-outage');
  const start = (port = 0) =>
    startRegistry({
      dataDir: registryDir(),
      adminToken: ADMIN_TOKEN,
      logger: false,
      port,
      usageClock: () => new Date(now),
    });

  afterAll(() => registry?.close());

  it('delivers every count once the registry is back, then says when a deprecated field is safe to remove', async () => {
    registry = await start();
    const port = Number(new URL(registry.url).port);
    await publishExampleGraph(registry.url, ADMIN_TOKEN, REF, subgraphs);
    const usageToken = await createRegistryToken(registry.url, ADMIN_TOKEN, 'usage');
    const spool = join(work, 'hub-outage', 'usage-spool');
    const hub = await startHub(
      loadHubConfig({
        env: {},
        cwd: work,
        overrides: {
          server: { port: 0 },
          supergraph: {
            registry: {
              url: registry.url,
              graph: REF,
              token: ADMIN_TOKEN,
              pollIntervalMs: 200,
              maxBackoffMs: 200,
            },
          },
          lastKnownGood: { dir: join(work, 'hub-outage') },
          usage: { token: usageToken, flushIntervalMs: 50, maxBackoffMs: 100, timeoutMs: 1_000 },
          policies: { 'request-logging': { enabled: false } },
        },
      }),
      { logger: pino({ level: 'silent' }) },
    );
    try {
      await waitFor(() => (hub.ready() ? true : undefined), { what: 'the hub to be ready' });
      const demo = { name: 'demo-app', version: '1.0' };
      await queryAs(hub.url, demo, '{ topProducts(first: 1) { upc legacyCode } }');

      await registry.close();
      registry = undefined;
      for (let i = 0; i < 5; i++) {
        await queryAs(hub.url, demo, '{ topProducts(first: 1) { upc legacyCode } }');
      }
      // While the registry is down, the batches wait in the spool under the hub's data directory.
      await waitFor(async () => ((await readdir(spool)).length > 0 ? true : undefined), {
        what: 'a spooled batch',
      });

      registry = await start(port);
      const back = registry;
      const report = await waitFor(
        async () => {
          const field = await usageReport<FieldReport>(
            back.url,
            ADMIN_TOKEN,
            REF,
            'fields/Product.legacyCode',
          );
          return field.total === 6 ? field : undefined;
        },
        { timeoutMs: 20_000, what: 'all six requests in the report' },
      );
      expect(countsByClient(report)).toEqual({ 'demo-app 1.0': 6 });
      await waitFor(async () => ((await readdir(spool)).length === 0 ? true : undefined), {
        what: 'the spool to empty',
      });

      type Deprecated = { elements: { coordinate: string; verdict: { text: string } }[] };
      const verdicts = async () =>
        Object.fromEntries(
          (await usageReport<Deprecated>(back.url, ADMIN_TOKEN, REF, 'deprecated?period=30d')).elements.map(
            (element) => [element.coordinate, element.verdict.text],
          ),
        );
      expect(await verdicts()).toEqual({
        'Product.legacyCode': 'in use by demo-app 1.0',
        'ProductFilter.legacySku': 'safe to remove',
      });
      now += 31 * DAY;
      expect(await verdicts()).toEqual({
        'Product.legacyCode': 'safe to remove',
        'ProductFilter.legacySku': 'safe to remove',
      });
    } finally {
      await hub.close();
    }
  });
});

describe('usage reporting when the hub is killed with SIGKILL', () => {
  const REF = 'shop@killed';
  const FLUSH_MS = 1_000;
  let registry: RunningRegistry;

  beforeAll(async () => {
    registry = await startRegistry({ dataDir: 'memory://', adminToken: ADMIN_TOKEN, logger: false });
    await publishExampleGraph(registry.url, ADMIN_TOKEN, REF, subgraphs);
  });
  afterAll(() => registry?.close());

  it('loses at most the requests of the last flush interval, and a restarted hub sends what was spooled', async () => {
    const usageToken = await createRegistryToken(registry.url, ADMIN_TOKEN, 'usage');
    const config = join(work, 'hub-killed.json');
    await writeFile(
      config,
      JSON.stringify({
        server: { port: 0 },
        supergraph: { registry: { url: registry.url, graph: REF, token: ADMIN_TOKEN, pollIntervalMs: 200 } },
        lastKnownGood: { dir: join(work, 'hub-killed') },
        usage: { token: usageToken, flushIntervalMs: FLUSH_MS },
        policies: { 'request-logging': { enabled: false } },
      }),
    );
    const client = { name: 'killed', version: '1' };
    const ready = (line: string) => line.includes('"hub started"') && line.includes('"ready":true');
    const first = spawnCli(['hub', 'start', '--config', config]);
    const answered: number[] = [];
    try {
      const url = (JSON.parse(await first.line(ready)) as { url: string }).url;
      const until = Date.now() + 3.5 * FLUSH_MS;
      while (Date.now() < until) {
        await queryAs(url, client, '{ topProducts(first: 1) { upc } }');
        answered.push(Date.now());
      }
    } finally {
      first.child.kill('SIGKILL');
    }
    const killedAt = Date.now();
    await first.exited;

    // The next hub on the same data directory sends what the first one spooled, then stops cleanly.
    const second = spawnCli(['hub', 'start', '--config', config]);
    await second.line(ready);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const report = await usageReport<FieldReport>(registry.url, ADMIN_TOKEN, REF, 'fields/Query.topProducts');
    const lost = answered.length - report.total;
    const lastIntervals = answered.filter((at) => at > killedAt - 2 * FLUSH_MS).length;
    expect(report.total).toBeGreaterThan(0);
    expect(lost).toBeGreaterThanOrEqual(0);
    // At most one flush interval is lost; two are allowed for timer delays on a loaded machine.
    expect(lost).toBeLessThanOrEqual(lastIntervals);
  });
});
