// The dashboard's browser tests: Debian's Chromium through playwright-core, against a built dashboard. With
// CI=true a missing browser fails the run; elsewhere the tests skip with the reason printed.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumInstalled, CHROMIUM_PATH } from '../../scripts/dashboard/chromium.js';

const ROOT = join(import.meta.dirname, '..', '..');

export function browserAvailability(): { available: boolean; reason: string | null } {
  if (chromiumInstalled()) return { available: true, reason: null };
  const reason = `no browser at ${CHROMIUM_PATH} (apt-get install -y chromium)`;
  if (process.env.CI === 'true')
    throw new Error(`CI=true: the dashboard's browser tests need Chromium: ${reason}`);
  console.log(`Skipping the dashboard's browser tests: ${reason}`);
  return { available: false, reason };
}

/**
 * Builds dist/dashboard (about two seconds) when a file of dashboard/ is newer than its index.html, so the tests
 * never see a stale build; `npm ci` built it already otherwise.
 */
export function buildDashboard(): void {
  const built = join(ROOT, 'dist', 'dashboard', 'index.html');
  if (existsSync(built)) {
    const builtAt = statSync(built).mtimeMs;
    const sources = readdirSync(join(ROOT, 'dashboard'), { recursive: true, withFileTypes: true });
    const newer = sources.some(
      (entry) => entry.isFile() && statSync(join(entry.parentPath, entry.name)).mtimeMs > builtAt,
    );
    if (!newer) return;
  }
  execFileSync('npx', ['vite', 'build', '--config', 'dashboard/vite.config.ts', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
    // vitest runs with NODE_ENV=test, which would make React's development JSX runtime part of the bundle.
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
