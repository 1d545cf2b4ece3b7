/**
 * A real, in-process OpenID Provider for auth tests (the development provider from `dev/oidc/`), with what
 * tests need on top: the genuine private signing key (to sign expired or otherwise broken tokens with the
 * issuer's real key), counts of the requests the provider received, and stopping / restarting it on the same
 * port to play an outage.
 */
import { SignJWT, importJWK, type JWK, type JWTPayload } from 'jose';
import { pino, type Logger } from 'pino';
import {
  DEV_SIGNING_ALGORITHM,
  generateDevSigningKey,
  startDevOidcProvider,
  type DevOidcProvider,
  type IssueTokenRequest,
} from '../../dev/oidc/dev-oidc-provider.js';
import { createDevStore } from '../../dev/oidc/dev-store.js';

export const JWKS_PATH = '/jwks';
export const INTROSPECTION_PATH = '/token/introspection';
export const DISCOVERY_PATH = '/.well-known/openid-configuration';
export const HUB_CLIENT = { clientId: 'atrium-hub', clientSecret: 'atrium-hub-secret' } as const;

export interface TestIssuer {
  readonly issuer: string;
  readonly audience: string;
  /** The current signing key (private JWK with `kid`). */
  readonly signingKey: JWK;
  /** How many requests reached `path` since the start (or the last `resetCounts`). */
  requestCount(path: string): number;
  resetCounts(): void;
  issueToken(request: IssueTokenRequest): Promise<string>;
  /** Signs a JWT with the issuer's real key; the header defaults to `{ alg: RS256, typ: at+jwt, kid }`. */
  signToken(payload: JWTPayload, header?: Record<string, unknown>): Promise<string>;
  /** Standard claims of a valid access token for this issuer, to spread and override. */
  accessTokenClaims(): JWTPayload;
  rotateKeys(): Promise<void>;
  /** Stops listening: the issuer becomes unreachable (connection refused). */
  stop(): Promise<void>;
  /** Listens again on the same port, with the same keys and the tokens issued before. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** `generateDevSigningKey` always sets a `kid`. */
export function kidOf(key: JWK): string {
  if (key.kid === undefined) throw new Error('signing key without kid');
  return key.kid;
}

export const silentLogger: Logger = pino({ level: 'silent' });

export async function startTestIssuer(): Promise<TestIssuer> {
  const counts = new Map<string, number>();
  const onRequest = ({ path }: { path: string }) => counts.set(path, (counts.get(path) ?? 0) + 1);
  let signingKeys: JWK[] = [await generateDevSigningKey()];
  // Shared by every run, so tokens issued before a stop are still known after the restart.
  const store = createDevStore();
  const start = (port?: number) =>
    startDevOidcProvider({
      signingKeys,
      store,
      onRequest,
      logger: { warn: () => {}, error: () => {} },
      ...(port === undefined ? {} : { port }),
    });
  let provider: DevOidcProvider | undefined = await start();
  const { issuer, audience, port } = provider;
  const running = () => {
    if (provider === undefined) throw new Error('the test issuer is stopped');
    return provider;
  };

  return {
    issuer,
    audience,
    get signingKey() {
      return signingKeys[0] as JWK;
    },
    requestCount: (path) => counts.get(path) ?? 0,
    resetCounts: () => counts.clear(),
    issueToken: (request) => running().issueToken(request),
    async signToken(payload, header = {}) {
      const key = signingKeys[0] as JWK;
      return new SignJWT(payload)
        .setProtectedHeader({ alg: DEV_SIGNING_ALGORITHM, typ: 'at+jwt', kid: kidOf(key), ...header })
        .sign(await importJWK(key, DEV_SIGNING_ALGORITHM));
    },
    accessTokenClaims() {
      const now = Math.floor(Date.now() / 1000);
      return { iss: issuer, aud: audience, sub: 'demo-app', client_id: 'demo-app', iat: now, exp: now + 300 };
    },
    async rotateKeys() {
      const next = await generateDevSigningKey();
      await running().rotateKeys(next);
      signingKeys = [next, ...signingKeys];
    },
    async stop() {
      await running().close();
      provider = undefined;
    },
    async restart() {
      provider = await start(port);
    },
    async close() {
      await provider?.close();
      provider = undefined;
    },
  };
}

/** Verifier options trusting `issuer` (plain HTTP allowed), with introspection as the hub client. */
export function issuerOptions(issuer: TestIssuer) {
  return {
    issuer: issuer.issuer,
    audience: issuer.audience,
    dangerouslyAllowInsecureHttp: true,
    introspection: { ...HUB_CLIENT },
  };
}

/** A pino logger that keeps every line, to prove what was (not) logged. */
export function capturingLogger(): { logger: Logger; output: () => string } {
  const lines: string[] = [];
  const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
  return { logger, output: () => lines.join('') };
}

/** The challenge a 401 for a rejected token carries. */
export function invalidTokenChallenge(description: string): string {
  return `Bearer realm="atrium", error="invalid_token", error_description="${description}"`;
}
