// Issue 9, defect 6: `dev token --scope` with a scope the client may not have is a refusal (exit 1), not a
// token without that scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startTestIssuer, type TestIssuer } from '../helpers/oidc-provider.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await startTestIssuer();
});
afterAll(async () => {
  await issuer?.close();
});

describe('atrium dev token --scope', () => {
  it('exits 1 and names the scope when the provider does not grant it', async () => {
    const argv = ['dev', 'token', '--client', 'demo-app', '--scope', 'read:users admin'];
    const result = await runCli([...argv, '--issuer', issuer.issuer]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('did not grant admin to demo-app');
    expect(result.stderr).toContain('read:users read:reviews');
    const json = await runCli([...argv, '--issuer', issuer.issuer, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'DEV_TOKEN_FAILED' } });
  });

  it('still exits 0 with the scopes it may have', async () => {
    const result = await runCli([
      'dev',
      'token',
      '--client',
      'demo-app',
      '--scope',
      'read:users',
      '--issuer',
      issuer.issuer,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('.')).toHaveLength(3);
  });
});
