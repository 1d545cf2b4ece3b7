// Accessibility of the registry's dashboard, measured in a real browser: axe-core's WCAG 2.1 A/AA rules (colour
// contrast, labels, names, landmarks, ARIA) on every page, in the light and the dark theme the page follows from
// the system, and the keyboard path from sign-in to a graph. Chromium (headless) against the demo stack.
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/dashboard/chromium.js';
import { startDashboardStack, type DashboardStack } from '../../scripts/dashboard/demo-stack.js';
import { browserAvailability, buildDashboard } from '../helpers/dashboard-browser.js';

const { available } = browserAvailability();
const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core's WCAG 2.1 A and AA violations on the page as it is now, one readable line per failing element. */
async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_SCRIPT });
  // A string, evaluated in the page: the test project has no DOM types.
  const found: unknown = await page.evaluate(`axe
    .run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    })
    .then((result) => result.violations)`);
  return (found as AxeViolation[]).flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} (${violation.impact ?? '?'}): ${node.target.join(' ')} — ${
          node.failureSummary?.replace(/\s+/g, ' ') ?? violation.help
        }`,
    ),
  );
}

describe.skipIf(!available)('dashboard accessibility in Chromium', { timeout: 120_000 }, () => {
  let stack: DashboardStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  /** Navigates inside the app (a reload would sign out: the token lives in memory only). */
  const visit = async (path: string) => {
    await page.evaluate(
      `history.pushState(null, '', ${JSON.stringify(path)}); dispatchEvent(new PopStateEvent('popstate'))`,
    );
    await poll(() => page.locator('main h2').count()).toBeGreaterThan(0);
    await poll(() => page.locator('[aria-busy="true"]').count()).toBe(0);
  };

  beforeAll(async () => {
    buildDashboard();
    stack = await startDashboardStack();
    browser = await launchChromium();
    // The dashboard's CSP (script-src 'self') would refuse the injected axe script; this context only.
    context = await browser.newContext({ bypassCSP: true });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('signs in with the keyboard alone', async () => {
    await page.goto(`${stack.registryUrl}/ui/`);
    expect(await violations(page)).toEqual([]);
    await page.keyboard.press('Tab');
    // The first stop is the token field, by its label.
    expect(await page.evaluate("document.activeElement?.getAttribute('id')")).toBe(
      await page.getByLabel('Registry token').getAttribute('id'),
    );
    await page.keyboard.type(stack.adminToken);
    await page.keyboard.press('Enter');
    await poll(() => page.getByTestId('whoami').textContent()).toContain('admin');
    const graph = page.getByRole('link', { name: 'shop@dev' });
    await graph.focus();
    await page.keyboard.press('Enter');
    await poll(() => new URL(page.url()).pathname).toBe('/ui/graphs/shop/dev');
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no WCAG 2.1 AA violations on any page in the ${scheme} theme`, async () => {
      await page.emulateMedia({ colorScheme: scheme });
      const pages = [
        '/ui/',
        '/ui/graphs/shop/dev',
        '/ui/graphs/shop/dev/subgraphs/products',
        '/ui/graphs/shop/dev/history',
        '/ui/graphs/shop/dev/history/diff?from=1&to=4',
        '/ui/graphs/shop/dev/checks',
        `/ui/graphs/shop/dev/checks/${stack.failedCheckId}`,
        '/ui/graphs/shop/dev/explorer?coordinate=Product.legacyCode',
        '/ui/graphs/shop/dev/usage?coordinate=Product.legacyCode',
        '/ui/graphs/shop/dev/deprecations',
        '/ui/graphs/shop/dev/denials',
        '/ui/graphs/shop/dev/clients',
        '/ui/graphs/shop/dev/clients/demo-app/1.0.0',
        '/ui/graphs/shop/dev/audit',
      ];
      const found: string[] = [];
      for (const path of pages) {
        await visit(path);
        for (const line of await violations(page)) found.push(`${path}: ${line}`);
        if (path.endsWith('/subgraphs/products')) {
          // Search marks in the highlighted SDL keep their contrast too.
          await page.getByLabel('Search subgraph products').fill('Product');
          await poll(() => page.locator('.sdl mark').count()).toBeGreaterThan(0);
          for (const line of await violations(page)) found.push(`${path} (searched): ${line}`);
        }
      }
      expect(found).toEqual([]);
    });
  }
});
