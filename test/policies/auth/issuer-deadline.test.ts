// An issuer that accepts connections but never answers (or stalls in the middle of its body) must cost a
// request no more than the configured timeout: 503 AUTH_ISSUER_UNAVAILABLE, even across garbage collections.
// Covers the three calls the hub makes to an issuer: discovery, the JWKS, introspection.
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createTokenVerifier } from '../../../policies/auth/verify-access-token.js';
import { whileCollectingGarbage, within } from '../../helpers/gc.js';
import { startHangingServer, type HangingMode } from '../../helpers/hanging-server.js';
import { HUB_CLIENT, silentLogger } from '../../helpers/oidc-provider.js';

const AUDIENCE = 'https://api.atrium.test';
const TIMEOUT_MS = 1_000;
const MARGIN_MS = 10_000;
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Well-formed but unsigned: verification asks the issuer for keys before it could notice. */
function jwtFrom(issuer: string): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url({ alg: 'RS256', typ: 'at+jwt', kid: 'k1' });
  const payload = base64url({ iss: issuer, aud: AUDIENCE, sub: 'demo', iat: now, exp: now + 300 });
  return `${header}.${payload}.${Buffer.from('signature').toString('base64url')}`;
}

/** Answers discovery itself; its `jwks_uri` and introspection endpoint point at `endpoints`. */
async function startDiscoveryOnly(endpoints: string): Promise<string> {
  let issuer = '';
  const server: Server = createServer((request, response) => {
    if (request.url !== '/.well-known/openid-configuration') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        issuer,
        jwks_uri: `${endpoints}/jwks`,
        introspection_endpoint: `${endpoints}/introspect`,
        token_endpoint: `${endpoints}/token`,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  cleanups.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return issuer;
}

function verifierFor(issuer: string) {
  return createTokenVerifier(
    {
      issuers: [
        { issuer, audience: AUDIENCE, dangerouslyAllowInsecureHttp: true, introspection: { ...HUB_CLIENT } },
      ],
      issuerTimeoutMs: TIMEOUT_MS,
      jwksTimeoutMs: TIMEOUT_MS,
      issuerRetryMs: 0,
    },
    { logger: silentLogger },
  );
}

async function hanging(mode: HangingMode) {
  const server = await startHangingServer(mode);
  cleanups.push(() => server.close());
  return server;
}

const UNAVAILABLE = { kind: 'rejected', status: 503, code: 'AUTH_ISSUER_UNAVAILABLE' };

describe.each<HangingMode>(['silent', 'stalled-body'])('an issuer that hangs (%s)', (mode) => {
  it('at discovery: 503 AUTH_ISSUER_UNAVAILABLE once issuerTimeoutMs is over', async () => {
    const issuer = await hanging(mode);
    const verifier = verifierFor(issuer.url);
    const outcome = await within(
      whileCollectingGarbage(verifier.verify(`Bearer ${jwtFrom(issuer.url)}`)),
      TIMEOUT_MS + MARGIN_MS,
    );
    expect(issuer.connections).toBeGreaterThan(0);
    expect(outcome).toMatchObject(UNAVAILABLE);
  });

  it('at the JWKS: 503 AUTH_ISSUER_UNAVAILABLE once jwksTimeoutMs is over', async () => {
    const endpoints = await hanging(mode);
    const issuer = await startDiscoveryOnly(endpoints.url);
    const verifier = verifierFor(issuer);
    const outcome = await within(
      whileCollectingGarbage(verifier.verify(`Bearer ${jwtFrom(issuer)}`)),
      TIMEOUT_MS + MARGIN_MS,
    );
    expect(endpoints.connections).toBeGreaterThan(0);
    expect(outcome).toMatchObject(UNAVAILABLE);
  });

  it('at introspection: 503 AUTH_ISSUER_UNAVAILABLE once issuerTimeoutMs is over', async () => {
    const endpoints = await hanging(mode);
    const issuer = await startDiscoveryOnly(endpoints.url);
    const verifier = verifierFor(issuer);
    const outcome = await within(
      whileCollectingGarbage(verifier.verify('Bearer an-opaque-access-token')),
      TIMEOUT_MS + MARGIN_MS,
    );
    expect(endpoints.connections).toBeGreaterThan(0);
    expect(outcome).toMatchObject(UNAVAILABLE);
  });
});
