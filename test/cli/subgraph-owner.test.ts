// `atrium subgraph owner`: admins and the current owner team set a subgraph's owner, others are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry } from '../../registry/server.js';
import { runCli } from '../helpers/cli.js';

const ADMIN = 'atr_cli_owner_admin_0123456789abcdefghij';
const REF = 'owned@current';
const SDL = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
type Query { hello: String }`;

let registry: Awaited<ReturnType<typeof startRegistry>>;
let env: Record<string, string>;

async function publisherToken(name: string, team: string): Promise<Record<string, string>> {
  const created = await runCli(
    ['token', 'create', '--name', name, '--role', 'publisher', '--team', team, '--json'],
    { env },
  );
  expect(created.code, created.stderr).toBe(0);
  return { ...env, ATRIUM_TOKEN: (JSON.parse(created.stdout) as { secret: string }).secret };
}

beforeAll(async () => {
  registry = await startRegistry({ port: 0, dataDir: 'memory://', adminToken: ADMIN, logger: false });
  env = { ATRIUM_REGISTRY_URL: registry.url, ATRIUM_TOKEN: ADMIN };
  expect((await runCli(['graph', 'create', 'owned'], { env })).code).toBe(0);
  const published = await runCli(
    ['subgraph', 'publish', REF, '--name', 'hello', '--schema', '-', '--routing-url', 'http://hello/graphql'],
    { env, stdin: SDL },
  );
  expect(published.code, published.stderr).toBe(0);
});

afterAll(async () => {
  await registry.close();
});

describe('atrium subgraph owner', () => {
  it('lets an admin give a subgraph to a team, and that team change its contact', async () => {
    const given = await runCli(
      ['subgraph', 'owner', REF, '--name', 'hello', '--team', 'alpha', '--contact', '#alpha', '--json'],
      { env },
    );
    expect(given.code, given.stderr).toBe(0);
    expect(JSON.parse(given.stdout)).toEqual({ owner: { team: 'alpha', contact: '#alpha' } });

    const alpha = await publisherToken('alpha-ci', 'alpha');
    const changed = await runCli(
      ['subgraph', 'owner', REF, '--name', 'hello', '--team', 'alpha', '--contact', 'alpha@example.com'],
      { env: alpha },
    );
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stdout).toBe(
      'Subgraph hello in owned@current is owned by team alpha (contact: alpha@example.com).\n',
    );
    const listed = await runCli(['subgraph', 'fetch', REF, '--name', 'hello', '--json'], { env });
    expect(JSON.parse(listed.stdout)).toMatchObject({
      subgraph: { ownerTeam: 'alpha', ownerContact: 'alpha@example.com' },
    });
  });

  it('refuses another team (3), an unknown subgraph (1) and a missing --team (2)', async () => {
    const beta = await publisherToken('beta-ci', 'beta');
    const foreign = await runCli(['subgraph', 'owner', REF, '--name', 'hello', '--team', 'beta', '--json'], {
      env: beta,
    });
    expect(foreign.code).toBe(3);
    expect(JSON.parse(foreign.stdout)).toMatchObject({ error: { code: 'FORBIDDEN', status: 403 } });
    const missing = await runCli(['subgraph', 'owner', REF, '--name', 'nope', '--team', 'alpha'], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('SUBGRAPH_NOT_FOUND');
    expect((await runCli(['subgraph', 'owner', REF, '--name', 'hello'], { env })).code).toBe(2);
  });
});
