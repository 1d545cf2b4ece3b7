// Debian's Chromium driven by playwright-core (which downloads no browser): the dashboard's browser tests and
// `npm run screenshots`. `.ci/run` installs the `chromium` package when /usr/bin/chromium is missing.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** Headless, without the sandbox (CI runs as root) and without any background networking of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-default-apps',
      '--disable-domain-reliability',
      '--disable-sync',
      '--no-first-run',
      '--no-pings',
      '--metrics-recording-only',
      '--disable-features=Translate,OptimizationHints,MediaRouter',
    ],
  });
}
