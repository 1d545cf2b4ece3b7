// End to end: registry + example subgraphs + hub. A demo client's traffic reaches the registry through the hub's
// usage policy; `atrium subgraph check` then lets a breaking change through when nobody used what it removes in
// the usage window (the reason shown), fails one a client used (naming client, version and last seen), and
// follows the graph's and variant's settings (thresholds, excluded clients and versions), the active registered
// operations (always usage) and `--skip-usage`. The registry's usage clock is the test's, so the window can pass.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport, ReportChangeUsage } from '../../../registry/checks/check-report.js';
import { loadHubConfig } from '../../../hub/config/load-hub-config.js';
import { startHub, type RunningHub } from '../../../hub/server.js';
import { startRegistry, type RunningRegistry } from '../../../registry/server.js';
import {
  exampleSubgraphSdl,
  startExampleSubgraphs,
  type StartedSubgraphs,
} from '../../../subgraphs-example/index.js';
import { runCli } from '../../helpers/cli.js';
import { createRegistryToken, publishExampleGraph, queryAs, usageReport } from '../../helpers/usage-stack.js';
import { waitFor } from '../../helpers/wait.js';

const ADMIN_TOKEN = 'atr_e2e_usage_checks_admin_0123456789';
const REF = 'shop@checks';
const DAY = 86_400_000;
const DEMO = { name: 'demo-app', version: '1.0' };
const WEB = { name: 'web', version: '2.0' };
const LEGACY = '{ topProducts(first: 1) { upc legacyCode } }';
const PLAIN = '{ topProducts(first: 1) { upc name } }';

let work: string;
let subgraphs: StartedSubgraphs;
let registry: RunningRegistry;
let hub: RunningHub;
let now = Date.now();
let env: Record<string, string>;

/** The products SDL without the line that declares `field` (`legacyCode:` …). */
function productsWithout(line: RegExp): string {
  const sdl = exampleSubgraphSdl('products');
  const lines = sdl.split('\n');
  const kept = lines.filter((text) => !line.test(text));
  expect(kept.length).toBe(lines.length - 1);
  return kept.join('\n');
}
const WITHOUT_LEGACY_CODE = () => productsWithout(/^\s+legacyCode: String/);
const WITHOUT_PRODUCT_QUERY = () => productsWithout(/^\s+product\(upc: String!\): Product$/);

async function check(sdl: string, ...flags: string[]) {
  return checkOn(REF, sdl, ...flags);
}

async function checkOn(ref: string, sdl: string, ...flags: string[]) {
  const file = join(work, `products-${Math.random().toString(36).slice(2)}.graphql`);
  await writeFile(file, sdl);
  const human = await runCli(['subgraph', 'check', ref, '--name', 'products', '--schema', file, ...flags], {
    env,
  });
  const json = await runCli(
    ['subgraph', 'check', ref, '--name', 'products', '--schema', file, '--format', 'json', ...flags],
    { env },
  );
  const report = JSON.parse(json.stdout) as CheckReport;
  return { human, json, report };
}

function usageOf(report: CheckReport, coordinate: string): ReportChangeUsage | undefined {
  return report.changes.find((change) => change.coordinate === coordinate)?.usage;
}

async function settings(target: string, ...flags: string[]) {
  const answer = await runCli(['graph', 'usage-settings', target, ...flags, '--json'], { env });
  expect(answer.code, answer.stderr + answer.stdout).toBe(0);
  return JSON.parse(answer.stdout) as {
    usageCheckSettings: { source: string; settings: Record<string, unknown> };
  };
}

async function fieldTotal(coordinate: string): Promise<number> {
  return (
    await usageReport<{ total: number }>(registry.url, ADMIN_TOKEN, REF, `fields/${coordinate}?period=7d`)
  ).total;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'atrium-usage-checks-'));
  subgraphs = await startExampleSubgraphs();
  registry = await startRegistry({
    dataDir: 'memory://',
    adminToken: ADMIN_TOKEN,
    logger: false,
    usageClock: () => new Date(now),
  });
  env = { ATRIUM_REGISTRY_URL: registry.url, ATRIUM_TOKEN: ADMIN_TOKEN };
  await publishExampleGraph(registry.url, ADMIN_TOKEN, REF, subgraphs);
  const usageToken = await createRegistryToken(registry.url, ADMIN_TOKEN, 'usage');
  hub = await startHub(
    loadHubConfig({
      env: {},
      cwd: work,
      overrides: {
        server: { port: 0 },
        supergraph: { registry: { url: registry.url, graph: REF, token: ADMIN_TOKEN, pollIntervalMs: 200 } },
        lastKnownGood: { dir: join(work, 'hub') },
        usage: { token: usageToken, flushIntervalMs: 50, maxBackoffMs: 100, timeoutMs: 1_000 },
        policies: { 'request-logging': { enabled: false } },
      },
    }),
    { logger: pino({ level: 'silent' }) },
  );
  await waitFor(() => (hub.ready() ? true : undefined), { what: 'the hub to be ready' });
  // demo-app 1.0 reads the deprecated `legacyCode` 3 times; web 2.0 sends 7 requests without it.
  for (let i = 0; i < 3; i++) expect((await queryAs(hub.url, DEMO, LEGACY)).body.errors).toBeUndefined();
  for (let i = 0; i < 7; i++) expect((await queryAs(hub.url, WEB, PLAIN)).body.errors).toBeUndefined();
  await waitFor(async () => ((await fieldTotal('Product.legacyCode')) === 3 ? true : undefined), {
    what: "demo-app's requests in the registry",
  });
  await waitFor(async () => ((await fieldTotal('Product.name')) === 7 ? true : undefined), {
    what: "web's requests in the registry",
  });
}, 60_000);

afterAll(async () => {
  await hub?.close();
  await registry?.close();
  await subgraphs?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('usage-aware checks', () => {
  it('passes a check removing a field nobody used in 7 days, with the reason shown', async () => {
    const { human, json, report } = await check(WITHOUT_PRODUCT_QUERY());
    expect(json.code).toBe(0);
    expect(human.code).toBe(0);
    expect(report.passed).toBe(true);
    expect(report.counts.breaking).toBe(1);
    const usage = usageOf(report, 'Query.product');
    expect(usage).toMatchObject({
      period: '7d',
      to: new Date(now).toISOString(),
      from: new Date(now - 7 * DAY).toISOString(),
      requests: 0,
      percentage: 0,
      clients: [],
      registeredOperations: [],
      outcome: 'unused',
      reason: 'no requests used it in the last 7d',
    });
    expect(human.stdout).toContain('Schema check passed');
    expect(human.stdout).toContain('1 change unused or below the usage thresholds');
    expect(human.stdout).toMatch(
      /Query\.product\s+FIELD_REMOVED\s+unused\s+no requests used it in the last 7d/,
    );
  });

  it('fails a check removing a field a client used, naming the client, its version and when it was last seen', async () => {
    const { human, json, report } = await check(WITHOUT_LEGACY_CODE());
    expect(json.code).toBe(1);
    expect(human.code).toBe(1);
    expect(report.passed).toBe(false);
    expect(report.failedBecause).toEqual(['breaking']);
    const usage = usageOf(report, 'Product.legacyCode');
    expect(usage?.outcome).toBe('blocking');
    expect(usage?.requests).toBe(3);
    expect(usage?.percentage).toBe(30);
    expect(usage?.clients).toEqual([
      {
        clientName: 'demo-app',
        clientVersion: '1.0',
        requests: 3,
        lastSeen: expect.stringMatching(/^20\d\d-/) as string,
      },
    ]);
    const lastSeen = usage?.clients[0]?.lastSeen ?? '';
    expect(Date.parse(lastSeen)).toBeGreaterThan(now - 10 * 60_000);
    expect(usage?.reason).toBe(`used in the last 7d by demo-app 1.0 (3 requests, last seen ${lastSeen})`);
    expect(human.stdout).toContain('Schema check failed');
    expect(human.stdout).toMatch(new RegExp(`demo-app\\s+1\\.0\\s+3\\s+${lastSeen.replace(/\./g, '\\.')}`));
  });

  it('counts every breaking change of a variant no hub has reported usage of', async () => {
    await publishExampleGraph(registry.url, ADMIN_TOKEN, 'shop@fresh', subgraphs);
    const { human, report } = await checkOn('shop@fresh', WITHOUT_PRODUCT_QUERY());
    expect(human.code).toBe(1);
    expect(usageOf(report, 'Query.product')).toMatchObject({
      requests: 0,
      outcome: 'blocking',
      reason: 'no hub has reported usage of this variant yet: every failing change counts',
    });
  });

  it('--skip-usage makes every breaking change count', async () => {
    const { human, report } = await check(WITHOUT_PRODUCT_QUERY(), '--skip-usage');
    expect(human.code).toBe(1);
    expect(report.passed).toBe(false);
    expect(usageOf(report, 'Query.product')).toMatchObject({
      outcome: 'skipped',
      reason: 'usage not consulted (--skip-usage): the change counts',
    });
  });

  it('follows the thresholds: at most n requests, or at most p percent of the requests, passes', async () => {
    try {
      expect((await settings('shop', '--threshold-requests', '3')).usageCheckSettings).toMatchObject({
        source: 'graph',
        settings: { period: '7d', thresholdRequests: 3, thresholdPercentage: 0 },
      });
      const within = await check(WITHOUT_LEGACY_CODE());
      expect(within.human.code).toBe(0);
      expect(usageOf(within.report, 'Product.legacyCode')).toMatchObject({
        outcome: 'below-threshold',
        requests: 3,
        reason: expect.stringContaining(
          '3 requests (30% of 10) in the last 7d, within the thresholds',
        ) as string,
      });
      expect(within.human.stdout).toContain('below-threshold');

      await settings('shop', '--threshold-requests', '2');
      expect((await check(WITHOUT_LEGACY_CODE())).human.code).toBe(1);

      await settings('shop', '--threshold-requests', '0', '--threshold-percentage', '30');
      expect((await check(WITHOUT_LEGACY_CODE())).report.passed).toBe(true);
      await settings('shop', '--threshold-percentage', '29.5');
      expect((await check(WITHOUT_LEGACY_CODE())).report.passed).toBe(false);
    } finally {
      await settings('shop', '--reset');
    }
  });

  it('leaves excluded clients and client versions out; a variant’s settings replace the graph’s', async () => {
    try {
      await settings('shop', '--exclude-client', 'demo-app');
      const excluded = await check(WITHOUT_LEGACY_CODE());
      expect(excluded.human.code).toBe(0);
      expect(usageOf(excluded.report, 'Product.legacyCode')).toMatchObject({
        outcome: 'unused',
        requests: 0,
        clients: [],
      });

      await settings('shop', '--exclude-client-version', 'demo-app@2.0');
      expect((await settings('shop')).usageCheckSettings.settings).toMatchObject({
        excludedClients: ['demo-app'],
        excludedClientVersions: [{ client: 'demo-app', version: '2.0' }],
      });
      const conflicting = await runCli(
        ['graph', 'usage-settings', 'shop', '--clear-exclusions', '--exclude-client', 'x'],
        { env },
      );
      expect(conflicting.code).toBe(2);
      const cleared = await runCli(['graph', 'usage-settings', 'shop', '--clear-exclusions'], { env });
      expect(cleared.code).toBe(0);
      await settings('shop', '--exclude-client-version', 'demo-app@2.0');
      expect((await check(WITHOUT_LEGACY_CODE())).human.code).toBe(1);
      await settings('shop', '--exclude-client-version', 'demo-app@1.0');
      expect((await check(WITHOUT_LEGACY_CODE())).human.code).toBe(0);

      // The variant's own settings (starting from the graph's) replace the graph's for its checks.
      const own = await settings(REF, '--clear-exclusions');
      expect(own.usageCheckSettings.source).toBe('variant');
      expect((await check(WITHOUT_LEGACY_CODE())).human.code).toBe(1);
      expect((await settings(REF, '--reset')).usageCheckSettings.source).toBe('graph');
      expect((await check(WITHOUT_LEGACY_CODE())).human.code).toBe(0);
    } finally {
      await settings(REF, '--reset');
      await settings('shop', '--reset');
    }
    expect((await settings('shop')).usageCheckSettings.source).toBe('default');
  });

  it('counts an active registered operation as usage, in checks and in the deprecation report', async () => {
    const client = await fetch(`${registry.url}/v1/graphs/shop/clients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'mobile', recognition: { kind: 'client-id', clientIds: ['mobile-app'] } }),
    });
    expect(client.status, await client.clone().text()).toBe(201);
    const byUpc = 'query ProductByUpc { product(upc: "1") { upc } }';
    const legacySearch = 'query LegacySearch { searchProducts(filter: { legacySku: "X-1" }) { upc } }';
    const registered = await fetch(
      `${registry.url}/v1/graphs/shop/variants/checks/clients/mobile/versions/3.0/operations`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          operations: [byUpc, legacySearch].map((body) => ({
            id: createHash('sha256').update(body).digest('hex'),
            body,
          })),
        }),
      },
    );
    expect(registered.status, await registered.clone().text()).toBe(201);

    const { human, report } = await check(WITHOUT_PRODUCT_QUERY());
    expect(human.code).toBe(1);
    expect(usageOf(report, 'Query.product')).toMatchObject({
      requests: 0,
      outcome: 'blocking',
      reason: 'used by active registered operation ProductByUpc (mobile 3.0)',
      registeredOperations: [
        {
          clientName: 'mobile',
          clientVersion: '3.0',
          operationId: createHash('sha256').update(byUpc).digest('hex'),
          operationName: 'ProductByUpc',
        },
      ],
    });
    expect(human.stdout).toMatch(/mobile\s+3\.0\s+ProductByUpc/);

    type Deprecated = { elements: { coordinate: string; verdict: { text: string } }[] };
    const verdicts = Object.fromEntries(
      (await usageReport<Deprecated>(registry.url, ADMIN_TOKEN, REF, 'deprecated?period=7d')).elements.map(
        (element) => [element.coordinate, element.verdict.text],
      ),
    );
    expect(verdicts).toEqual({
      'Product.legacyCode': 'in use by demo-app 1.0',
      'ProductFilter.legacySku': 'in use by registered operation LegacySearch (mobile 3.0)',
    });
    const cli = await runCli(['usage', 'deprecated', REF, '--period', '7d'], { env });
    expect(cli.stdout).toContain('registered operation LegacySearch');

    const retired = await fetch(
      `${registry.url}/v1/graphs/shop/variants/checks/clients/mobile/versions/3.0/retire`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: '{}',
      },
    );
    expect(retired.status, await retired.clone().text()).toBe(200);
    expect((await check(WITHOUT_PRODUCT_QUERY())).report.passed).toBe(true);
  });

  it('once the window has passed, a field demo-app used is unused and "safe to remove"', async () => {
    now += 8 * DAY;
    const { human, report } = await check(WITHOUT_LEGACY_CODE());
    expect(human.code).toBe(0);
    expect(usageOf(report, 'Product.legacyCode')).toMatchObject({ outcome: 'unused', requests: 0 });
    type Deprecated = { elements: { coordinate: string; verdict: { text: string } }[] };
    const deprecated = await usageReport<Deprecated>(registry.url, ADMIN_TOKEN, REF, 'deprecated?period=7d');
    expect(deprecated.elements.find((e) => e.coordinate === 'Product.legacyCode')?.verdict.text).toBe(
      'safe to remove',
    );

    // The publish gate runs the same check: the removal nobody used in the window goes through.
    const file = join(work, 'products-final.graphql');
    await writeFile(file, WITHOUT_LEGACY_CODE());
    const published = await runCli(
      ['subgraph', 'publish', REF, '--name', 'products', '--schema', file, '--json'],
      {
        env,
      },
    );
    expect(published.code, published.stdout + published.stderr).toBe(0);
    expect(JSON.parse(published.stdout)).toMatchObject({ status: 'published' });
  });
});
