// `npm run bench:dashboard`: how long the dashboard's heaviest pages take in Chromium on this machine, for the
// demo graph and for a generated graph of 5,000 fields whose subgraph SDL is about 1 MB, and the ratio between
// them (docs/dashboard.md). Each figure is the median of five runs, from the click to the page showing the result.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { startRegistry } from '../../registry/server.js';
import { launchChromium } from './chromium.js';
import { largeSubgraphSdl } from './large-subgraph.js';

const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function timed(page: Page, act: () => Promise<unknown>, done: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await act();
  await done();
  return performance.now() - start;
}

interface Figures {
  explorerOpen: number;
  explorerSearch: number;
  sdlOpen: number;
  sdlSearch: number;
  explorerRowsInDom: number;
}

async function measure(
  page: Page,
  base: string,
  subgraph: string,
  coordinate: string,
  word: string,
): Promise<Figures> {
  const runs: Figures[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    await page.goto(`${base}/ui/`);
    await page.getByLabel('Registry token').fill(TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('whoami').waitFor();
    const explorerOpen = await timed(
      page,
      () =>
        page.evaluate(
          `history.pushState(null, '', '/ui/graphs/big/current/explorer'); dispatchEvent(new PopStateEvent('popstate'))`,
        ),
      () => page.getByTestId('explorer-count').waitFor(),
    );
    const explorerSearch = await timed(
      page,
      () => page.getByLabel('Search by coordinate').fill(coordinate),
      () =>
        page
          .getByTestId('explorer-count')
          .filter({ hasText: /^1 of / })
          .waitFor(),
    );
    await page.getByLabel('Search by coordinate').fill('');
    await page
      .getByTestId('explorer-count')
      .filter({ hasText: /^\d+ of \d+/ })
      .waitFor();
    const explorerRowsInDom = await page.locator('.list-scroll .row').count();
    const sdlOpen = await timed(
      page,
      () =>
        page.evaluate(
          `history.pushState(null, '', '/ui/graphs/big/current/subgraphs/${subgraph}'); dispatchEvent(new PopStateEvent('popstate'))`,
        ),
      () => page.locator('.sdl-scroll .line').first().waitFor(),
    );
    const sdlSearch = await timed(
      page,
      () => page.getByLabel(`Search subgraph ${subgraph}`).fill(word),
      () =>
        page
          .locator('.sdl .toolbar [aria-live]')
          .filter({ hasText: / of [1-9]/ })
          .waitFor(),
    );
    runs.push({ explorerOpen, explorerSearch, sdlOpen, sdlSearch, explorerRowsInDom });
  }
  return {
    explorerOpen: median(runs.map((r) => r.explorerOpen)),
    explorerSearch: median(runs.map((r) => r.explorerSearch)),
    sdlOpen: median(runs.map((r) => r.sdlOpen)),
    sdlSearch: median(runs.map((r) => r.sdlSearch)),
    explorerRowsInDom: median(runs.map((r) => r.explorerRowsInDom)),
  };
}

const TOKEN = `atr_timings_${randomBytes(16).toString('hex')}`;

async function setUp(sdl: string) {
  const registry = await startRegistry({ dataDir: 'memory://', adminToken: TOKEN, logger: false });
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${registry.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  };
  await post('/v1/graphs', { name: 'big' });
  await post('/v1/graphs/big/variants/current/subgraphs/wide', {
    sdl,
    routingUrl: 'http://wide.example/graphql',
  });
  return registry;
}

async function main(): Promise<void> {
  const large = largeSubgraphSdl();
  const small = [
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])',
    'type Query { t0: T0 }',
    '"""Type 0."""',
    'type T0 {',
    ...Array.from({ length: 50 }, (_, f) => `  """Field ${f}."""\n  f${f}: String`),
    '}',
    '',
  ].join('\n');
  const browser = await launchChromium();
  try {
    const results: Record<string, Figures & { fields: number; sdlBytes: number }> = {};
    for (const [name, sdl] of [
      ['50 fields', small],
      ['5,000 fields', large],
    ] as const) {
      const registry = await setUp(sdl);
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        page.setDefaultTimeout(60_000);
        const figures = await measure(page, registry.url, 'wide', 'T0.f7', 'f49:');
        results[name] = {
          ...figures,
          fields: (sdl.match(/^ {2}f\d+:/gm) ?? []).length,
          sdlBytes: Buffer.byteLength(sdl),
        };
        await page.close();
      } finally {
        await registry.close();
      }
    }
    const rows = Object.entries(results).map(([name, r]) => ({
      graph: name,
      fields: r.fields,
      'SDL KB': Math.round(r.sdlBytes / 1024),
      'explorer open ms': Math.round(r.explorerOpen),
      'explorer search ms': Math.round(r.explorerSearch),
      'explorer rows in DOM': r.explorerRowsInDom,
      'SDL view open ms': Math.round(r.sdlOpen),
      'SDL search ms': Math.round(r.sdlSearch),
    }));
    console.table(rows);
    const small_ = results['50 fields'];
    const large_ = results['5,000 fields'];
    if (small_ && large_) {
      console.log(
        `ratios 5,000 / 50 fields: explorer open ${(large_.explorerOpen / small_.explorerOpen).toFixed(1)}×, ` +
          `explorer search ${(large_.explorerSearch / small_.explorerSearch).toFixed(1)}×, ` +
          `SDL open ${(large_.sdlOpen / small_.sdlOpen).toFixed(1)}×, SDL search ${(large_.sdlSearch / small_.sdlSearch).toFixed(1)}×`,
      );
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
