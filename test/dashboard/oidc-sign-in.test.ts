// "Sign in with the development provider" in a real browser (Chromium, headless) against a real registry and the
// real development OpenID Provider: the popup's login and consent pages, the callback page handing the code back,
// the code redeemed with PKCE, and the dashboard signed in as the role the user's claims map to, with the access
// token in memory only: not in localStorage, sessionStorage, a cookie or the page's URL.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devRegistryOidcOptions, startDevOidcProvider, type DevOidcProvider } from '../../dev/oidc/index.js';
import { startRegistry, type RunningRegistry } from '../../registry/server.js';
import { launchChromium } from '../../scripts/dashboard/chromium.js';
import { browserAvailability, buildDashboard } from '../helpers/dashboard-browser.js';

const { available } = browserAvailability();
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });
const BUTTON = 'Sign in with the development provider';

describe.skipIf(!available)('OpenID sign-in to the dashboard in Chromium', { timeout: 90_000 }, () => {
  let provider: DevOidcProvider;
  let registry: RunningRegistry;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext();
    context.setDefaultTimeout(20_000);
    contexts.push(context);
    return context.newPage();
  };
  /** Clicks the button, logs in as `login` in the popup and consents; resolves once the popup is gone. */
  const signInAs = async (page: Page, login: string) => {
    await page.goto(`${registry.url}/ui/`);
    const popupOpened = page.waitForEvent('popup');
    await page.getByRole('button', { name: BUTTON }).click();
    const popup = await popupOpened;
    await popup.locator('input[name="login"]').fill(login);
    await popup.locator('input[name="password"]').fill('any password');
    await popup.getByRole('button', { name: 'Sign-in' }).click();
    // Listening before the click: the callback page may close the popup before the click's promise settles.
    const closed = popup.isClosed() ? Promise.resolve() : popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Continue' }).click();
    await closed;
  };

  beforeAll(async () => {
    buildDashboard();
    provider = await startDevOidcProvider({ logger: { warn: () => {}, error: () => {} } });
    registry = await startRegistry({
      port: 0,
      dataDir: 'memory://',
      logger: false,
      oidc: devRegistryOidcOptions(provider.issuer),
    });
    provider.setDashboardRedirectUris([`${registry.url}/ui/oidc-callback.html`]);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await registry?.close();
    await provider?.close();
  });

  it('signs in through the popup as the mapped role, keeping the access token in memory only', async () => {
    const page = await newPage();
    const tokens: string[] = [];
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('response', (response) => {
      if (response.request().method() === 'POST' && new URL(response.url()).pathname === '/token')
        void response.json().then((body: { access_token?: string }) => {
          if (body.access_token) tokens.push(body.access_token);
        });
    });
    const bearers: string[] = [];
    page.on('request', (request) => {
      const authorization = request.headers().authorization;
      if (authorization) bearers.push(authorization);
    });

    await signInAs(page, 'dana');
    await poll(() => page.getByTestId('whoami').textContent()).toBe('oidc:dana · publisher · team catalog');
    expect(tokens).toHaveLength(1);
    const token = tokens[0] ?? '';
    expect(token.split('.')).toHaveLength(3);
    expect(bearers).toContain(`Bearer ${token}`);

    // Where the token never goes: browser storage, cookies (the provider's own session cookie is there), the URL.
    // A string, evaluated in the page: this file is type-checked without the DOM library.
    const stored = JSON.parse(
      await page.evaluate<string>(
        'JSON.stringify({ local: Object.entries(localStorage), session: Object.entries(sessionStorage), cookie: document.cookie, url: location.href })',
      ),
    ) as { local: unknown[]; session: unknown[]; cookie: string; url: string };
    expect(stored.local).toEqual([]);
    expect(stored.session).toEqual([]);
    expect(stored.url).toBe(`${registry.url}/ui/`);
    const cookies = await page.context().cookies();
    for (const cookie of cookies) expect(cookie.value).not.toContain(token);
    expect(stored.cookie).not.toContain(token);
    expect(pageErrors).toEqual([]);

    // Signing out forgets the token; the button is there again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await poll(() => page.getByRole('button', { name: BUTTON }).count()).toBe(1);
  });

  it('shows why a user whose claims map to no role cannot sign in', async () => {
    const page = await newPage();
    await signInAs(page, 'mallory');
    await poll(() => page.getByRole('alert').textContent()).toContain('OIDC_NO_ROLE');
    expect(await page.getByTestId('whoami').count()).toBe(0);
  });

  it('says so when the browser blocks the sign-in window', async () => {
    const page = await newPage();
    await page.addInitScript('window.open = () => null');
    await page.goto(`${registry.url}/ui/`);
    await page.getByRole('button', { name: BUTTON }).click();
    await poll(() => page.getByRole('alert').textContent()).toContain('POPUP_BLOCKED');
    expect(await page.getByRole('alert').textContent()).toContain('allow pop-ups');
  });
});
