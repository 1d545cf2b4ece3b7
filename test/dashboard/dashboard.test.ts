// The registry's web dashboard in a real browser (Chromium, headless) against a real registry, hub and example
// subgraphs with the demo's data (scripts/dashboard/demo-stack.ts): sign in, a graph, a diff, the explorer and
// usage of a deprecated field, a failed check approved by an admin and then published, what a reader cannot do,
// and where the token never goes.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/dashboard/chromium.js';
import { startDashboardStack, type DashboardStack } from '../../scripts/dashboard/demo-stack.js';
import {
  LARGE_FIELDS_PER_TYPE,
  LARGE_TYPES,
  largeSubgraphSdl,
} from '../../scripts/dashboard/large-subgraph.js';
import { browserAvailability, buildDashboard } from '../helpers/dashboard-browser.js';

const { available } = browserAvailability();
/** What a person would wait for, with room for a loaded CI machine: up to 20 s for a page to show it. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });

interface DiffAnswer {
  changes: { code: string; coordinate: string; severity: string }[];
}

describe.skipIf(!available)('dashboard in Chromium', { timeout: 90_000 }, () => {
  let stack: DashboardStack;
  let browser: Browser;
  let admin: BrowserContext;
  let page: Page;
  const requested: string[] = [];
  const consoleErrors: string[] = [];

  const signIn = async (target: Page, token: string) => {
    await target.goto(`${stack.registryUrl}/ui/`);
    await target.getByLabel('Registry token').fill(token);
    await target.getByRole('button', { name: 'Sign in' }).click();
  };
  const openVariantTab = async (tab: string) => {
    await page
      .getByRole('navigation', { name: 'shop@dev' })
      .getByRole('link', { name: tab, exact: true })
      .click();
  };

  beforeAll(async () => {
    buildDashboard();
    stack = await startDashboardStack();
    browser = await launchChromium();
    admin = await browser.newContext();
    admin.setDefaultTimeout(20_000);
    page = await admin.newPage();
    page.on('request', (request) => requested.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('signs in with the admin token and lists the graph', async () => {
    await signIn(page, stack.adminToken);
    await poll(() => page.getByTestId('whoami').textContent()).toContain('admin');
    await page.getByRole('link', { name: 'shop@dev' }).click();
    expect(new URL(page.url()).pathname).toBe('/ui/graphs/shop/dev');
    const rows = page.locator('main table tbody tr');
    await poll(() => rows.count()).toBe(4);
    const products = rows.filter({ hasText: 'products' });
    expect(await products.textContent()).toContain(stack.productsRoutingUrl);
    expect(await products.textContent()).toContain('catalog');
  });

  it('shows a subgraph SDL with syntax highlighting and search', async () => {
    await page.getByRole('link', { name: 'products', exact: true }).click();
    const sdl = page.getByRole('region', { name: 'SDL of subgraph products' });
    await poll(() => sdl.locator('.tok-keyword').first().textContent()).toMatch(/extend|type|schema/);
    await page.getByLabel('Search subgraph products').fill('legacyCode');
    await poll(() => page.locator('.sdl .toolbar [aria-live]').textContent()).toBe('1 of 1');
    expect(await sdl.locator('mark').first().textContent()).toBe('legacyCode');
  });

  it('opens the diff between two versions: the classified change list and both SDLs', async () => {
    const expected = (await stack.call('GET', '/v1/graphs/shop/variants/dev/supergraph/diff?from=2&to=4'))
      .body as DiffAnswer;
    expect(expected.changes.length).toBeGreaterThan(0);
    await openVariantTab('History');
    await poll(() => page.getByRole('heading', { name: /^Version 4/ }).count()).toBe(1);
    await page.getByLabel('From version').selectOption('2');
    await page.getByLabel('to version').selectOption('4');
    await page.getByRole('button', { name: 'Compare' }).click();
    expect(new URL(page.url()).search).toBe('?from=2&to=4');
    const table = page.locator('table.changes');
    await poll(() => table.locator('tbody tr').count()).toBe(expected.changes.length);
    const first = expected.changes[0];
    expect(await table.locator('tbody tr').first().textContent()).toContain(first?.coordinate);
    expect(await table.locator('tbody tr').first().textContent()).toContain(first?.code);
    await poll(() => page.getByRole('region', { name: 'SDL of version 2' }).count()).toBe(1);
    await poll(() => page.getByRole('region', { name: 'SDL of version 4' }).count()).toBe(1);
  });

  it('finds the deprecated field in the explorer and shows its usage by client', async () => {
    await openVariantTab('Explorer');
    await page.getByLabel('Search by coordinate').fill('Product.legacyCode');
    await poll(() => page.getByTestId('explorer-count').textContent()).toMatch(/^1 of /);
    // Each row says its 30-day usage, with a sparkline of it per day.
    const row = page.getByRole('option', { name: /Product\.legacyCode/ });
    await poll(() => row.getByTestId('row-usage').textContent()).toBe('5 req');
    expect(await row.locator('.row-sparkline canvas').count()).toBe(1);
    await page.getByLabel('Search by coordinate').fill('Product.upc');
    const upcRow = page.getByRole('option', { name: /Product\.upc/ });
    await poll(() => upcRow.getByTestId('row-usage').textContent()).toBe('9 req');
    await page.getByLabel('Search by coordinate').fill('Product.legacyCode');
    await page.getByRole('option', { name: /Product\.legacyCode/ }).click();
    const detail = page.getByTestId('explorer-detail');
    await poll(() => detail.textContent()).toContain(
      'Deprecated: Use upc: legacy codes are no longer issued.',
    );
    await poll(() => page.getByTestId('explorer-usage-total').textContent()).toBe(
      '5 requests by 2 client versions',
    );
    await page.getByLabel('Search by coordinate').fill('User.email');
    await page.getByRole('option', { name: /User\.email/ }).click();
    await poll(() => detail.textContent()).toContain('@authenticated');
    expect(await detail.textContent()).toMatch(/Subgraphsaccounts/);
    await page.getByLabel('Search by coordinate').fill('Product.legacyCode');
    await page.getByRole('option', { name: /Product\.legacyCode/ }).click();
    await page.getByRole('link', { name: 'Usage by client and version' }).click();
    const clients = page.getByTestId('usage-clients');
    await poll(() => clients.locator('tbody tr').count()).toBe(2);
    const text = await clients.textContent();
    expect(text).toMatch(/demo-app1\.0\.03/);
    expect(text).toMatch(/pricing-app2\.02/);
    // The chart (uPlot draws on a canvas) has one series per client version.
    await poll(() => page.locator('.chart canvas').count()).toBeGreaterThan(0);
    expect(await page.locator('.chart .u-legend').textContent()).toContain('demo-app 1.0.0');
  });

  it('reports the deprecation as in use, and hides it under "safe to remove only"', async () => {
    await openVariantTab('Deprecations');
    const table = page.getByTestId('deprecations');
    await poll(() => table.textContent()).toContain('Product.legacyCode');
    expect(await table.locator('tr', { hasText: 'Product.legacyCode' }).textContent()).toContain('in use');
    await page.getByLabel('safe to remove only').check();
    await poll(() => page.locator('main').textContent()).not.toContain('Product.legacyCode');
  });

  it('shows authorization denials, client records and persisted-operation sets', async () => {
    await openVariantTab('Denials');
    await poll(() => page.locator('main table').textContent()).toContain('User.email');
    expect(await page.locator('main table tbody tr').first().textContent()).toMatch(/User\.emailweb3\.22/);
    await openVariantTab('Clients');
    const records = page.getByTestId('client-records');
    await poll(() => records.locator('tr', { hasText: 'pricing-app' }).textContent()).toContain(
      '100 points / 1 h',
    );
    expect(await records.locator('tr', { hasText: 'demo-app' }).textContent()).toContain('audit');
    // Current consumption, as the demo hub (quotas counted in memory) reported it with its usage batches:
    // pricing-app sent 2 requests at once against a burst of 10 (60 per minute): 8 remained, whole again
    // 2 s later (the page may load after that).
    const pricing = page.getByTestId('consumption-pricing-app');
    await poll(() => pricing.textContent()).toMatch(
      /^Rate: 2 \/ 10 requests used \(at once; 60 \/ 1 min\), 8 remaining(, resets at| at the last request, whole again since) /,
    );
    const reported = (await stack.call('GET', '/v1/graphs/shop/clients/pricing-app?include=consumption'))
      .body as { client: { consumption: { budget: { used: number; remaining: number } } } };
    const { budget } = reported.client.consumption;
    expect(budget.used + budget.remaining).toBe(100);
    expect(await pricing.textContent()).toContain(
      `Budget: ${budget.used} / 100 points used, ${budget.remaining} remaining, resets at`,
    );
    expect(await pricing.textContent()).toMatch(/observed \d+ s ago \(hub of dev\)/);
    // Text for everyone, and a labelled meter beside it.
    expect(await pricing.getByRole('meter', { name: 'Rate used: 2 of 10 requests' }).count()).toBe(1);
    expect(await page.getByTestId('consumption-default').textContent()).toBe('no traffic reported yet');
    const versions = page.getByTestId('client-versions');
    await poll(() => versions.locator('tbody tr').first().textContent()).toMatch(/demo-app1\.0\.0active2/);
  });

  it('opens the failed check, approves it as admin, and the publish goes through', async () => {
    await openVariantTab('Checks');
    await page.getByRole('link', { name: `Check ${stack.failedCheckId}: failed` }).click();
    await poll(() => page.getByTestId('check-status').textContent()).toBe('failed');
    const removed = page.locator('table.changes tbody tr', { hasText: 'Product.legacyCode' });
    expect(await removed.textContent()).toContain('FIELD_REMOVED');
    expect(await removed.textContent()).toContain('breaking');
    // The usage-aware check measured it: used in its window, so the removal blocks.
    expect(await removed.textContent()).toMatch(/blocking\s*5 requests \([0-9.]+ %\) in 7d/);
    // Who would break: the clients that used the removed field, with their requests.
    const affected = page.getByTestId('affected-clients');
    await poll(() => affected.locator('tbody tr').count()).toBe(2);
    expect(await affected.locator('tbody tr').nth(0).textContent()).toMatch(
      /^Product\.legacyCodedemo-app1\.0\.03/,
    );
    expect(await affected.locator('tbody tr').nth(1).textContent()).toMatch(
      /^Product\.legacyCodepricing-app2\.02/,
    );
    await page.getByLabel('Reason for approving').fill('legacyCode is retired with release 2');
    await page.getByRole('button', { name: 'Approve' }).click();
    await poll(() => page.getByTestId('approval').textContent()).toContain(
      'Approved by admin (ATRIUM_ADMIN_TOKEN): “legacyCode is retired with release 2”',
    );

    const publish = await stack.call('POST', '/v1/graphs/shop/variants/dev/subgraphs/products', {
      sdl: stack.failedCheckSdl,
      routingUrl: stack.productsRoutingUrl,
    });
    expect(publish.status).toBe(201);
    expect(publish.body).toMatchObject({ status: 'published', bypass: { kind: 'approved' } });
    await openVariantTab('History');
    await poll(() => page.getByRole('heading', { name: /^Version 5/ }).textContent()).toContain(
      'publish products',
    );
    // Compare, as offered: the newest version against the one before, which removed the field.
    await page.getByRole('button', { name: 'Compare' }).click();
    expect(new URL(page.url()).search).toBe('?from=4&to=5');
    await poll(() => page.locator('table.changes tbody tr').first().textContent()).toMatch(
      /breakingFIELD_REMOVEDProduct\.legacyCode/,
    );
    await openVariantTab('Audit log');
    await poll(() => page.getByTestId('audit').textContent()).toContain('publish.approved');
    expect(await page.getByTestId('audit').textContent()).toContain('check.approved');
    await poll(() => page.getByTestId('registry-audit').locator('caption').textContent()).toBe(
      'Registry-wide: deletions and token revocations of shop',
    );
  });

  it('keeps a 5,000-field explorer and a 1.2 MB SDL virtualised, searchable and usable from the keyboard', async () => {
    const sdl = largeSubgraphSdl();
    expect(Buffer.byteLength(sdl)).toBeGreaterThan(1_000_000);
    expect((await stack.call('POST', '/v1/graphs', { name: 'big' })).status).toBe(201);
    const published = await stack.call('POST', '/v1/graphs/big/variants/current/subgraphs/wide', {
      sdl,
      routingUrl: 'http://wide.example/graphql',
    });
    expect(published.status).toBe(201);
    await page.getByRole('link', { name: 'Atrium registry' }).click();
    await page.getByRole('link', { name: 'big@current' }).click();
    await page
      .getByRole('navigation', { name: 'big@current' })
      .getByRole('link', { name: 'Explorer' })
      .click();
    // Query and T0…T99; Query's 100 fields and 50 per type.
    const fields = LARGE_TYPES + LARGE_TYPES * LARGE_FIELDS_PER_TYPE;
    const elements = 1 + LARGE_TYPES + fields;
    await poll(() => page.getByTestId('explorer-count').textContent()).toBe(
      `${elements} of ${elements} (${fields} fields)`,
    );
    expect(await page.locator('.list-scroll .row').count()).toBeLessThan(80);
    const search = page.getByLabel('Search by coordinate');
    await search.focus();
    await page.keyboard.type('T99.f4');
    await poll(() => page.getByTestId('explorer-count').textContent()).toMatch(/^11 of /);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await poll(() => page.getByTestId('explorer-detail').locator('h3').textContent()).toBe('T99.f40');
    expect(await page.getByTestId('explorer-detail').textContent()).toContain('Deprecated: use the next one');

    await page
      .getByRole('navigation', { name: 'big@current' })
      .getByRole('link', { name: 'Subgraphs' })
      .click();
    await page.getByRole('link', { name: 'wide', exact: true }).click();
    const status = page.locator('.sdl .toolbar [aria-live]');
    await poll(() => status.textContent()).toBe(`${sdl.split('\n').length} lines`);
    expect(await page.locator('.sdl-scroll .line').count()).toBeLessThan(100);
    await page.getByLabel('Search subgraph wide').fill('f49:');
    await poll(() => status.textContent()).toBe('1 of 100');
    await page.keyboard.press('Enter');
    await poll(() => status.textContent()).toBe('2 of 100');
    await poll(() => page.locator('.sdl-scroll .line.current').textContent()).toContain('f49: String');
  });

  it('lets a reader see a failed check but not approve it', async () => {
    const created = await stack.call('POST', '/v1/graphs/shop/variants/dev/checks', {
      subgraph: 'inventory',
      sdl: 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])\ntype Query { nothing: String }',
    });
    const checkId = (created.body as { check: { id: string; passed: boolean } }).check.id;
    const reader = await browser.newContext();
    try {
      reader.setDefaultTimeout(20_000);
      const readerPage = await reader.newPage();
      await signIn(readerPage, stack.readerToken);
      await poll(() => readerPage.getByTestId('whoami').textContent()).toContain('reader');
      await readerPage.goto(`${stack.registryUrl}/ui/graphs/shop/dev/checks`);
      // A reload signs out: the token is in memory only.
      await poll(() => readerPage.getByLabel('Registry token').count()).toBe(1);
      await readerPage.getByLabel('Registry token').fill(stack.readerToken);
      await readerPage.getByRole('button', { name: 'Sign in' }).click();
      await readerPage
        .getByRole('navigation', { name: 'shop@dev' })
        .getByRole('link', { name: 'Checks' })
        .click();
      await readerPage.getByRole('link', { name: `Check ${checkId}: failed` }).click();
      await poll(() => readerPage.getByTestId('check-status').textContent()).toBe('failed');
      expect(await readerPage.getByTestId('approve-not-allowed').textContent()).toContain(
        'signed in as reader',
      );
      expect(await readerPage.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    } finally {
      await reader.close();
    }
  });

  it('loads everything from the registry, with no error and nothing the Content-Security-Policy refused', () => {
    const origins = new Set(
      requested.filter((url) => !url.startsWith('data:')).map((url) => new URL(url).origin),
    );
    expect([...origins]).toEqual([new URL(stack.registryUrl).origin]);
    expect(consoleErrors).toEqual([]);
  });

  it('never puts the token in a URL, the registry logs, browser storage or cookies', async () => {
    expect(requested.length).toBeGreaterThan(10);
    for (const url of requested) expect(url).not.toContain(stack.adminToken);
    const storage = await page.evaluate('JSON.stringify({ ...localStorage, ...sessionStorage })');
    expect(storage).toBe('{}');
    expect(await page.evaluate('document.cookie')).toBe('');
    expect(await admin.cookies()).toEqual([]);
    const logs = stack.registryLogs();
    expect(logs).toContain('/v1/whoami');
    expect(logs).not.toContain(stack.adminToken);
    expect(logs).not.toContain(stack.readerToken);
  });
});
