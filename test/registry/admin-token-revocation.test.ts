// A revoked ATRIUM_ADMIN_TOKEN stays revoked across restarts: the registry refuses to start with it (logged
// loudly, catalogue code ADMIN_TOKEN_UNUSABLE), and never promotes another token's secret to admin. Each case
// restarts a registry on the same PGlite data directory or PostgreSQL database.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry, type Registry } from '../../registry/server.js';
import { runCli } from '../helpers/cli.js';
import { describeOnDatabases, type StorageOptions } from '../helpers/databases.js';

const BOOTSTRAP = 'atr_bootstrap-admin-secret-0001';
const REPLACEMENT = 'atr_bootstrap-admin-secret-0002';

interface TokenInfo {
  id: string;
  name: string;
  role: string;
  revokedAt: string | null;
}

async function call(
  registry: Registry,
  token: string,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  body?: object,
) {
  const response = await registry.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(body ? { payload: body } : {}),
  });
  return { status: response.statusCode, body: JSON.parse(response.body || '{}') as Record<string, unknown> };
}

/** A pino logger whose lines end up in `lines`. */
function capturingLogger(lines: { level: number; msg: string; code?: string }[]) {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        lines.push(JSON.parse(line) as { level: number; msg: string; code?: string });
      }
      done();
    },
  });
  return pino({ level: 'info' }, stream);
}

describeOnDatabases('a revoked ATRIUM_ADMIN_TOKEN', (storage) => {
  let options: StorageOptions;
  let dir: string | undefined;
  beforeAll(async () => {
    if (storage.kind === 'pglite') {
      // In-memory PGlite does not survive a restart: use a data directory on disk.
      dir = await mkdtemp(join(tmpdir(), 'atrium-admin-'));
      options = { dataDir: join(dir, 'db') };
    } else {
      options = storage.options();
    }
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('stays revoked: the next start with it is refused, loudly, and another admin still works', async () => {
    const first = await createRegistry({ ...options, adminToken: BOOTSTRAP, logger: false });
    const created = await call(first, BOOTSTRAP, 'POST', '/v1/tokens', { name: 'ops-admin', role: 'admin' });
    const opsSecret = created.body.secret as string;
    const tokens = (await call(first, BOOTSTRAP, 'GET', '/v1/tokens')).body.tokens as TokenInfo[];
    const bootstrap = tokens.find((t) => t.name === 'admin (ATRIUM_ADMIN_TOKEN)');
    expect(bootstrap).toBeDefined();
    const revoked = await call(first, opsSecret, 'DELETE', `/v1/tokens/${bootstrap?.id ?? ''}`);
    expect(revoked.status).toBe(200);
    const revokedAt = (revoked.body.token as TokenInfo).revokedAt;
    expect(Date.parse(revokedAt ?? '')).toBeGreaterThan(0);
    expect((await call(first, BOOTSTRAP, 'GET', '/v1/graphs')).status).toBe(401);
    await first.close();

    const lines: { level: number; msg: string; code?: string }[] = [];
    const refused = createRegistry({ ...options, adminToken: BOOTSTRAP, logger: capturingLogger(lines) });
    await expect(refused).rejects.toMatchObject({
      code: 'ADMIN_TOKEN_UNUSABLE',
      details: { tokenId: bootstrap?.id, problem: 'revoked' },
    });
    const error = (await refused.catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(
      new RegExp(
        `^ATRIUM_ADMIN_TOKEN is the secret of token "admin \\(ATRIUM_ADMIN_TOKEN\\)" \\(${bootstrap?.id ?? ''}\\), which was revoked at \\S+; a revoked token stays revoked\\. Set ATRIUM_ADMIN_TOKEN to a new secret`,
      ),
    );
    // Loudly: a fatal log line with the code and the same message.
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 60, code: 'ADMIN_TOKEN_UNUSABLE', msg: error.message }),
    );

    // A new value works, and the old one is still revoked.
    const second = await createRegistry({ ...options, adminToken: REPLACEMENT, logger: false });
    try {
      expect((await call(second, BOOTSTRAP, 'GET', '/v1/graphs')).status).toBe(401);
      expect((await call(second, opsSecret, 'GET', '/v1/graphs')).status).toBe(200);
      const after = (await call(second, REPLACEMENT, 'GET', '/v1/tokens')).body.tokens as TokenInfo[];
      expect(after.find((t) => t.id === bootstrap?.id)?.revokedAt).toBe(revokedAt);
      expect(
        after.filter((t) => t.name === 'admin (ATRIUM_ADMIN_TOKEN)' && t.revokedAt === null),
      ).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('does not promote a publisher whose secret is given as ATRIUM_ADMIN_TOKEN', async () => {
    const first = await createRegistry({ ...options, adminToken: REPLACEMENT, logger: false });
    const created = await call(first, REPLACEMENT, 'POST', '/v1/tokens', { name: 'ci', role: 'publisher' });
    const publisherSecret = created.body.secret as string;
    await first.close();

    await expect(
      createRegistry({ ...options, adminToken: publisherSecret, logger: false }),
    ).rejects.toMatchObject({
      code: 'ADMIN_TOKEN_UNUSABLE',
      details: { problem: 'not-admin', role: 'publisher' },
    });
    const again = await createRegistry({ ...options, adminToken: REPLACEMENT, logger: false });
    try {
      const tokens = (await call(again, REPLACEMENT, 'GET', '/v1/tokens')).body.tokens as TokenInfo[];
      expect(tokens.find((t) => t.name === 'ci')?.role).toBe('publisher');
      expect((await call(again, publisherSecret, 'GET', '/v1/tokens')).status).toBe(403);
    } finally {
      await again.close();
    }
  });

  it('makes `atrium registry start` exit 1 with the code and message, without a stack trace', async () => {
    // The same data directory (--data-dir) or database ($DATABASE_URL) as above.
    const where =
      'dataDir' in options
        ? { argv: ['--data-dir', options.dataDir], env: {} }
        : { argv: [], env: { DATABASE_URL: options.databaseUrl } };
    const result = await runCli(['registry', 'start', ...where.argv, '--port', '0'], {
      env: { ATRIUM_ADMIN_TOKEN: BOOTSTRAP, ...where.env },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: \[ADMIN_TOKEN_UNUSABLE\] ATRIUM_ADMIN_TOKEN is the secret of token /,
    );
    expect(result.stderr).not.toContain('    at ');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('atrium registry start with an invalid environment', () => {
  it('exits 2 with [INVALID_CONFIG] and every problem, without a stack trace', async () => {
    const result = await runCli(['registry', 'start', '--data-dir', 'memory://', '--port', '0'], {
      env: { ATRIUM_ADMIN_TOKEN: 'short', ATRIUM_APPROVAL_TTL_SECONDS: '0' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: [INVALID_CONFIG] Invalid registry configuration: ATRIUM_ADMIN_TOKEN: must be at least 20 characters; ' +
        'ATRIUM_APPROVAL_TTL_SECONDS: must be at least 1 second\n',
    );
  });
});
