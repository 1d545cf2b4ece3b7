// `npm run screenshots`: the main pages of the dashboard against the demo stack (demo-stack.ts), in Debian's
// Chromium, written to docs/screenshots/ (light theme; one page also dark). The README shows them.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { startDashboardStack } from './demo-stack.js';
import { packageRoot } from './package-root.js';

const OUT = join(packageRoot(), 'docs', 'screenshots');

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const stack = await startDashboardStack();
  const browser = await launchChromium();
  try {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, colorScheme });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      const shot = async (name: string, ready: () => Promise<unknown>) => {
        await ready();
        await page.waitForTimeout(250);
        const file = join(OUT, colorScheme === 'light' ? `${name}.png` : `${name}-dark.png`);
        await page.screenshot({ path: file });
        console.log(`wrote ${file}`);
      };
      const tab = (name: string) =>
        page.getByRole('navigation', { name: 'shop@dev' }).getByRole('link', { name, exact: true }).click();
      await page.goto(`${stack.registryUrl}/ui/`);
      if (colorScheme === 'light') await shot('sign-in', () => page.getByLabel('Registry token').waitFor());
      await page.getByLabel('Registry token').fill(stack.adminToken);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('link', { name: 'shop@dev' }).click();
      if (colorScheme === 'dark') {
        await openExplorer(page);
        await shot('explorer', () => page.getByTestId('explorer-usage-total').waitFor());
        await context.close();
        continue;
      }
      await shot('subgraphs', () => page.locator('main table tbody tr').nth(3).waitFor());
      await page.getByRole('link', { name: 'products', exact: true }).click();
      await page.getByLabel('Search subgraph products').fill('legacyCode');
      await shot('subgraph-sdl', () => page.locator('.sdl mark').first().waitFor());
      await tab('History');
      await shot('history', () => page.getByRole('heading', { name: /^Version 4/ }).waitFor());
      await page.getByLabel('From version').selectOption('1');
      await page.getByLabel('to version').selectOption('4');
      await page.getByRole('button', { name: 'Compare' }).click();
      await shot('diff', () => page.getByRole('region', { name: 'SDL of version 4' }).waitFor());
      await tab('Checks');
      await shot('checks', () => page.locator('main table tbody tr').first().waitFor());
      await page.getByRole('link', { name: `Check ${stack.failedCheckId}: failed` }).click();
      await shot('check', () => page.getByLabel('Reason for approving').waitFor());
      await openExplorer(page);
      await shot('explorer', () => page.getByTestId('explorer-usage-total').waitFor());
      await page.getByRole('link', { name: 'Usage by client and version' }).click();
      await shot('usage', () => page.locator('.chart canvas').first().waitFor());
      await tab('Deprecations');
      await shot('deprecations', () => page.getByTestId('deprecations').waitFor());
      await tab('Denials');
      await shot('denials', () => page.locator('main table').waitFor());
      await tab('Clients');
      await shot('clients', () => page.getByTestId('client-versions').waitFor());
      await tab('Audit log');
      await shot('audit', () => page.getByTestId('audit').waitFor());
      await context.close();
    }
  } finally {
    await browser.close();
    await stack.close();
  }
}

async function openExplorer(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'shop@dev' }).getByRole('link', { name: 'Explorer' }).click();
  await page.getByLabel('Search by coordinate').fill('Product.');
  await page.getByRole('option', { name: /Product\.legacyCode/ }).click();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
