/**
 * docker-compose.yml, the production topology of docs/operations.md, is a valid Compose file: `docker compose
 * config -q` (Compose v2; or Debian's `docker-compose`, v1.29, where the v2 plugin is not installed) accepts it
 * with the variables it requires, and refuses it without `ATRIUM_ADMIN_TOKEN`. No engine is needed: `config`
 * only reads the file. With CI=true a machine without Compose fails this test; elsewhere it is skipped, saying why.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

function works(command: string, args: readonly string[]): boolean {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return result.error === undefined && result.status === 0;
}

/** The Compose command of this machine: the v2 plugin first. */
function composeCommand(): readonly string[] | undefined {
  if (works('docker', ['compose', 'version'])) return ['docker', 'compose'];
  if (works('docker-compose', ['version'])) return ['docker-compose'];
  return undefined;
}

const compose = composeCommand();
const missing = compose === undefined;
if (missing && process.env['CI'] !== 'true') {
  console.warn(
    'skipped test/ops/docker-compose.test.ts: neither `docker compose` nor `docker-compose` is installed (CI=true makes this a failure)',
  );
}

function config(env: Record<string, string>) {
  const [command = 'docker', ...args] = compose ?? [];
  const { PATH, HOME } = process.env;
  return spawnSync(command, [...args, '--file', 'docker-compose.yml', 'config', '-q'], {
    cwd: ROOT,
    encoding: 'utf8',
    // Only what the file may interpolate: the developer's own ATRIUM_* variables must not decide the result.
    env: { ...(PATH && { PATH }), ...(HOME && { HOME }), ...env },
  });
}

describe.skipIf(missing && process.env['CI'] !== 'true')('docker-compose.yml', () => {
  it('has a Compose command to validate it with', () => {
    expect(
      compose,
      'install Docker Compose (the docker compose plugin, or Debian’s docker-compose)',
    ).toBeDefined();
  });

  it('is valid with the variables it requires', () => {
    const result = config({ ATRIUM_ADMIN_TOKEN: 'atr_compose_config_check_0123456789' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('refuses to run without ATRIUM_ADMIN_TOKEN, naming it', () => {
    const result = config({});
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('ATRIUM_ADMIN_TOKEN');
  });
});
