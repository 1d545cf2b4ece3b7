// The dashboard's browser tests: Debian's Chromium through playwright-core, against a built dashboard. With
// CI=true a missing browser fails the run; elsewhere the tests skip with the reason printed.
import { execFileSync } from 'node:child_process';
import { chromiumInstalled, CHROMIUM_PATH } from '../../scripts/dashboard/chromium.js';

export function browserAvailability(): { available: boolean; reason: string | null } {
  if (chromiumInstalled()) return { available: true, reason: null };
  const reason = `no browser at ${CHROMIUM_PATH} (apt-get install -y chromium)`;
  if (process.env.CI === 'true')
    throw new Error(`CI=true: the dashboard's browser tests need Chromium: ${reason}`);
  console.log(`Skipping the dashboard's browser tests: ${reason}`);
  return { available: false, reason };
}

/** Builds dist/dashboard from the current source (about two seconds), so the tests never see a stale build. */
export function buildDashboard(): void {
  execFileSync('npx', ['vite', 'build', '--config', 'dashboard/vite.config.ts', '--logLevel', 'warn'], {
    stdio: 'inherit',
    // vitest runs with NODE_ENV=test, which would make React's development JSX runtime part of the bundle.
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
