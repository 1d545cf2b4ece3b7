/** `atrium dev token`: tokens from the development OpenID Provider, accepted by the hub. */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { startAuthStack, trustIssuer, type AuthStack } from '../../helpers/hub.js';
import { startTestIssuer, type TestIssuer } from '../../helpers/oidc-provider.js';

describe('atrium dev token', () => {
  let issuer: TestIssuer;
  let stack: AuthStack;
  beforeAll(async () => {
    issuer = await startTestIssuer();
    stack = await startAuthStack({
      auth: { issuers: [trustIssuer(issuer)], requireAuthentication: true },
      authorization: { policies: { pricing_team: { claim: 'roles', contains: 'pricing' } } },
    });
  });
  afterAll(async () => {
    await stack.close();
    await issuer.close();
  });

  it('prints a JWT access token the hub accepts, with the requested scopes', async () => {
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
    const token = result.stdout.trim();
    expect(decodeJwt(token)).toMatchObject({
      iss: issuer.issuer,
      scope: 'read:users',
      client_id: 'demo-app',
    });
    const answer = await stack.query('{ user(id: "1") { birthday } }', { token });
    expect(answer.body).toEqual({ data: { user: { birthday: 1950 } } });
  });

  it('gives pricing-app its scopes and the roles claim the pricing_team policy reads', async () => {
    const result = await runCli([
      'dev',
      'token',
      '--client',
      'pricing-app',
      '--issuer',
      issuer.issuer,
      '--json',
    ]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { accessToken: string; tokenType: string; clientId: string };
    expect(json).toMatchObject({ tokenType: 'Bearer', clientId: 'pricing-app' });
    // Without --scope, every scope the client may have is granted.
    expect(decodeJwt(json.accessToken)).toMatchObject({
      roles: ['pricing'],
      scope: 'read:users read:finance',
    });
    const answer = await stack.query(
      '{ topProducts(first: 1) { costBreakdown { wholesale marginBasisPoints } } }',
      { token: json.accessToken },
    );
    expect(answer.body.errors).toBeUndefined();
  });

  it('prints an opaque token with --opaque', async () => {
    const result = await runCli([
      'dev',
      'token',
      '--client',
      'demo-app',
      '--opaque',
      '--issuer',
      issuer.issuer,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).not.toContain('.');
    expect((await stack.query('{ __typename }', { token: result.stdout.trim() })).status).toBe(200);
  });

  it('exits 2 for an unknown client, 3 when the provider is unreachable, 1 when it refuses', async () => {
    const unknown = await runCli(['dev', 'token', '--client', 'nobody', '--issuer', issuer.issuer]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown dev client "nobody"/);
    const unreachable = await runCli([
      'dev',
      'token',
      '--client',
      'demo-app',
      '--issuer',
      'http://127.0.0.1:1',
    ]);
    expect(unreachable.code).toBe(3);
    // The hub's own client may introspect but has no client_credentials grant.
    const refused = await runCli(['dev', 'token', '--client', 'atrium-hub', '--issuer', issuer.issuer]);
    expect(refused.code).toBe(1);
  });
});
