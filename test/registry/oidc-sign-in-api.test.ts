// OpenID access tokens at the registry, against a real in-process OpenID Provider (dev/oidc): real tokens from its
// token endpoint map to roles by their claims; tokens that are wrong in each way a user could meet get 401 with a
// stable code; a valid token without a role gets 403; an issuer that cannot be reached gets 503, never a 500.
import { importJWK, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OidcOptionsInput } from '../../registry/auth/oidc-options.js';
import { loadRegistryConfig } from '../../registry/config.js';
import {
  DEV_REGISTRY_AUDIENCE,
  DEV_REGISTRY_ROLES,
  DEV_REGISTRY_SCOPE,
  DEV_ROLE_CLAIM,
  DEV_SIGNING_ALGORITHM,
  DEV_TEAM_CLAIM,
  generateDevSigningKey,
  requestDevToken,
  startDevOidcProvider,
  type DevOidcClient,
  type DevOidcProvider,
} from '../../dev/oidc/index.js';
import type { TestStorage } from '../helpers/databases.js';
import { startHangingServer, type HangingServer } from '../helpers/hanging-server.js';
import {
  createTestRegistry,
  uniqueGraphName,
  USERS_SDL,
  USERS_SDL_V2,
  type TestRegistry,
} from '../helpers/registry.js';

/** Authentication does not depend on the storage: one in-memory PGlite per registry. */
const memory: TestStorage = {
  kind: 'pglite',
  options: () => ({ dataDir: 'memory://' }),
  open: () => Promise.reject(new Error('not used')),
};

const secretOf = (clientId: string) => `${clientId}-secret`;
const client = (clientId: string, claims: Record<string, unknown>): DevOidcClient => ({
  clientId,
  clientSecret: secretOf(clientId),
  scope: DEV_REGISTRY_SCOPE,
  claims,
});
const CLIENTS: readonly DevOidcClient[] = [
  client('ci-admin', { [DEV_ROLE_CLAIM]: ['registry-admins'] }),
  client('ci-publisher', { [DEV_ROLE_CLAIM]: ['catalog-developers'], [DEV_TEAM_CLAIM]: 'alpha' }),
  // Several values: the highest role they map to wins; a space-separated string counts like an array.
  client('ci-reader', { [DEV_ROLE_CLAIM]: 'unknown-group registry-readers' }),
  client('ci-unmapped', { [DEV_ROLE_CLAIM]: ['marketing'] }),
  client('ci-no-role', {}),
];

const oidcOptions = (issuer: string, extra: Partial<OidcOptionsInput> = {}): OidcOptionsInput => ({
  issuer,
  audience: DEV_REGISTRY_AUDIENCE,
  clientId: 'atrium-dashboard',
  roleClaim: DEV_ROLE_CLAIM,
  roles: { ...DEV_REGISTRY_ROLES },
  teamClaim: DEV_TEAM_CLAIM,
  dangerouslyAllowInsecureHttp: true,
  ...extra,
});

describe('OpenID access tokens at the registry', () => {
  let provider: DevOidcProvider;
  let signingKey: JWK;
  let t: TestRegistry;
  const requests: string[] = [];

  const tokenOf = async (clientId: string) =>
    (
      await requestDevToken({
        issuer: provider.issuer,
        clientId,
        scope: DEV_REGISTRY_SCOPE,
        audience: DEV_REGISTRY_AUDIENCE,
        clients: CLIENTS,
      })
    ).accessToken;
  /** A JWT signed with the provider's real key; claims default to a valid access token of ci-admin. */
  const signed = async (claims: Record<string, unknown> = {}, key: JWK = signingKey) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      iss: provider.issuer,
      aud: DEV_REGISTRY_AUDIENCE,
      sub: 'forged',
      iat: now,
      exp: now + 300,
      [DEV_ROLE_CLAIM]: ['registry-admins'],
      ...claims,
    })
      .setProtectedHeader({ alg: DEV_SIGNING_ALGORITHM, typ: 'at+jwt', kid: key.kid ?? '' })
      .sign(await importJWK(key, DEV_SIGNING_ALGORITHM));
  };
  const whoami = (token: string) => t.call('GET', '/v1/whoami', { token });

  beforeAll(async () => {
    signingKey = await generateDevSigningKey();
    provider = await startDevOidcProvider({
      clients: CLIENTS,
      signingKeys: [signingKey],
      logger: { warn: () => {}, error: () => {} },
      onRequest: ({ path }) => requests.push(path),
    });
    t = await createTestRegistry(memory, { oidc: oidcOptions(provider.issuer) });
  });
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  it('maps a real access token to the role, team and identity its claims give, in /v1/whoami', async () => {
    const admin = await whoami(await tokenOf('ci-admin'));
    expect(admin.status).toBe(200);
    expect(admin.body.whoami).toMatchObject({
      name: 'oidc:ci-admin',
      role: 'admin',
      team: null,
      graphs: null,
      source: 'oidc',
      oidc: { subject: 'ci-admin', issuer: provider.issuer },
    });
    expect((await whoami(await tokenOf('ci-publisher'))).body.whoami).toMatchObject({
      role: 'publisher',
      team: 'alpha',
      source: 'oidc',
    });
    expect((await whoami(await tokenOf('ci-reader'))).body.whoami).toMatchObject({ role: 'reader' });
    // Discovery and the keys were fetched once, for all of these tokens.
    expect(requests.filter((path) => path === '/.well-known/openid-configuration')).toHaveLength(1);
    expect(requests.filter((path) => path === '/jwks')).toHaveLength(1);
    // Registry tokens still work, and say so.
    expect((await whoami(t.adminToken)).body.whoami).toMatchObject({ source: 'token', oidc: null });
  });

  it('refuses a valid token whose claims map to no role with 403 OIDC_NO_ROLE, not as a reader', async () => {
    for (const clientId of ['ci-no-role', 'ci-unmapped']) {
      const token = await tokenOf(clientId);
      for (const path of ['/v1/whoami', '/v1/graphs']) {
        const answer = await t.call('GET', path, { token });
        expect(answer.status).toBe(403);
        expect(answer.body).toMatchObject({
          code: 'OIDC_NO_ROLE',
          subject: clientId,
          roleClaim: DEV_ROLE_CLAIM,
        });
      }
    }
  });

  it('answers 401 with a stable code for a wrong audience, issuer, an expired or an unsigned token', async () => {
    const expectCode = async (token: string, code: string, reason?: string) => {
      const answer = await whoami(token);
      expect(answer.status, JSON.stringify(answer.body)).toBe(401);
      expect(answer.body.code).toBe(code);
      if (reason) expect(answer.body.reason).toBe(reason);
    };
    await expectCode(await signed({ aud: 'https://api.atrium.local' }), 'OIDC_TOKEN_WRONG_AUDIENCE');
    const beforeForeign = requests.length;
    await expectCode(await signed({ iss: 'http://127.0.0.1:1/other' }), 'OIDC_TOKEN_WRONG_ISSUER');
    expect(requests.length, 'a foreign token makes the registry call nobody').toBe(beforeForeign);
    const now = Math.floor(Date.now() / 1000);
    await expectCode(await signed({ iat: now - 900, exp: now - 120 }), 'OIDC_TOKEN_EXPIRED');
    // Within the 30 s clock tolerance it is still good.
    expect((await whoami(await signed({ iat: now - 900, exp: now - 10 }))).status).toBe(200);

    const [header, payload] = (await signed()).split('.');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url');
    await expectCode(`${none}.${payload}.`, 'OIDC_TOKEN_INVALID', 'unsigned');
    await expectCode(`${header}.${payload}.${'A'.repeat(342)}`, 'OIDC_TOKEN_INVALID', 'signature');
    // Signed by a key the issuer never published, under a kid of its own.
    await expectCode(await signed({}, await generateDevSigningKey()), 'OIDC_TOKEN_INVALID', 'unknown-key');
    await expectCode(await signed({ nonce: 'n-1' }), 'OIDC_TOKEN_INVALID', 'id-token');
    await expectCode(await signed({ sub: undefined }), 'OIDC_TOKEN_INVALID', 'claims');
  });

  it('lets a reader from OIDC read but not approve a check; a publisher of the owner team acts as itself', async () => {
    const graph = uniqueGraphName('oidc');
    expect((await t.call('POST', '/v1/graphs', { body: { name: graph } })).status).toBe(201);
    const variant = `/v1/graphs/${graph}/variants/current`;
    const publisher = await tokenOf('ci-publisher');
    const created = await t.call('POST', `${variant}/subgraphs/users`, {
      token: publisher,
      body: { sdl: USERS_SDL_V2, routingUrl: 'http://users/graphql' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const checked = await t.call('POST', `${variant}/checks`, {
      token: publisher,
      body: { subgraph: 'users', sdl: USERS_SDL },
    });
    expect(checked.status).toBe(201);
    const checkId = (checked.body.check as { id: string; passed: boolean }).id;

    const reader = await tokenOf('ci-reader');
    expect((await t.call('GET', `${variant}/subgraphs`, { token: reader })).status).toBe(200);
    const refused = await t.call('POST', `/v1/checks/${checkId}/approve`, {
      token: reader,
      body: { reason: 'looks fine' },
    });
    expect(refused).toMatchObject({ status: 403, body: { code: 'FORBIDDEN', role: 'reader' } });

    const approved = await t.call('POST', `/v1/checks/${checkId}/approve`, {
      token: publisher,
      body: { reason: 'clients moved' },
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.check).toMatchObject({ approval: { approvedBy: 'oidc:ci-publisher' } });
    const audit = await t.call('GET', `${variant}/audit`);
    expect(audit.body.entries).toContainEqual(
      expect.objectContaining({ action: 'check.approved', actor: 'oidc:ci-publisher' }),
    );
  });

  it('tells the dashboard the issuer and public client, and lets its pages reach the issuer', async () => {
    const config = await t.call('GET', '/v1/ui-config', { token: null });
    expect(config).toMatchObject({
      status: 200,
      body: {
        oidc: {
          issuer: provider.issuer,
          clientId: 'atrium-dashboard',
          scope: 'openid',
          providerName: new URL(provider.issuer).host,
        },
      },
    });
    const page = await t.registry.app.inject({ url: '/ui/' });
    expect(page.headers['content-security-policy']).toContain(`connect-src 'self' ${provider.issuer}`);
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin-allow-popups');
    const callback = await t.registry.app.inject({ url: '/ui/oidc-callback.html' });
    expect(callback.statusCode).toBe(200);
    expect(callback.body).toContain('Signing in');
    expect(callback.headers['cross-origin-opener-policy']).toBe('unsafe-none');
  });
});

describe('the registry without OIDC, or with an issuer it cannot reach', () => {
  const registries: TestRegistry[] = [];
  let hanging: HangingServer;
  beforeAll(async () => {
    hanging = await startHangingServer('silent');
  });
  afterAll(async () => {
    for (const registry of registries) await registry.close();
    await hanging?.close();
  });
  const registryWith = async (oidc?: OidcOptionsInput) => {
    const registry = await createTestRegistry(memory, oidc ? { oidc } : {});
    registries.push(registry);
    return registry;
  };
  const someJwt = async (issuer: string) => {
    const key = await generateDevSigningKey();
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: issuer, aud: DEV_REGISTRY_AUDIENCE, sub: 'x', iat: now, exp: now + 60 })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid ?? '' })
      .sign(await importJWK(key, 'RS256'));
  };

  it('answers 503 OIDC_ISSUER_UNAVAILABLE when the issuer refuses connections or never answers', async () => {
    const refused = 'http://127.0.0.1:1';
    const down = await registryWith(oidcOptions(refused));
    const answer = await down.call('GET', '/v1/whoami', { token: await someJwt(refused) });
    expect(answer).toMatchObject({ status: 503, body: { code: 'OIDC_ISSUER_UNAVAILABLE' } });
    // Registry tokens do not need the issuer.
    expect((await down.call('GET', '/v1/whoami')).status).toBe(200);

    const silent = await registryWith(oidcOptions(hanging.url, { timeoutMs: 300 }));
    const stalled = await silent.call('GET', '/v1/graphs', { token: await someJwt(hanging.url) });
    expect(stalled).toMatchObject({ status: 503, body: { code: 'OIDC_ISSUER_UNAVAILABLE' } });
    expect(hanging.connections).toBeGreaterThan(0);
  });

  it('treats a JWT as an unknown registry token when OIDC is not configured, and offers no sign-in', async () => {
    const plain = await registryWith();
    const answer = await plain.call('GET', '/v1/whoami', { token: await someJwt('https://issuer.example') });
    expect(answer).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect((await plain.call('GET', '/v1/ui-config', { token: null })).body).toEqual({ oidc: null });
    const page = await plain.registry.app.inject({ url: '/ui/' });
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
  });
});

describe('ATRIUM_OIDC_* configuration', () => {
  it('reads the issuer, audience, client and claim mapping', () => {
    const config = loadRegistryConfig({
      ATRIUM_OIDC_ISSUER: 'https://login.example.com',
      ATRIUM_OIDC_AUDIENCE: 'https://registry.example.com',
      ATRIUM_OIDC_CLIENT_ID: 'registry-dashboard',
      ATRIUM_OIDC_ROLE_CLAIM: 'groups',
      ATRIUM_OIDC_ROLES: 'registry-admins=admin, payments-devs=publisher,everyone=reader',
      ATRIUM_OIDC_TEAM_CLAIM: 'team',
      ATRIUM_OIDC_GRAPHS_CLAIM: 'graphs',
    });
    expect(config.oidc).toEqual({
      issuer: 'https://login.example.com',
      audience: 'https://registry.example.com',
      clientId: 'registry-dashboard',
      roleClaim: 'groups',
      roles: { 'registry-admins': 'admin', 'payments-devs': 'publisher', everyone: 'reader' },
      teamClaim: 'team',
      graphsClaim: 'graphs',
    });
    expect(loadRegistryConfig({}).oidc).toBeUndefined();
  });

  it('reports every problem at once: no audience, plain http, a role that does not exist, no issuer', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadRegistryConfig(env);
      } catch (error) {
        return (error as { details: { issues: { path: string; message: string }[] } }).details.issues;
      }
      return [];
    };
    expect(
      problems({ ATRIUM_OIDC_ISSUER: 'http://login.example.com', ATRIUM_OIDC_ROLES: 'devs=owner' }).map(
        (issue) => issue.path,
      ),
    ).toEqual(
      expect.arrayContaining(['ATRIUM_OIDC_ROLES.devs', 'ATRIUM_OIDC_AUDIENCE', 'ATRIUM_OIDC_ISSUER']),
    );
    expect(problems({ ATRIUM_OIDC_CLIENT_ID: 'x' })).toEqual([
      { path: 'ATRIUM_OIDC_ISSUER', message: 'is required when ATRIUM_OIDC_CLIENT_ID is set' },
    ]);
  });
});
