/**
 * Signed identity headers: who the caller is, as the hub verified it, for subgraphs to trust. The scheme
 * (documented in docs/configuration.md, "Identity forwarding", for subgraph owners):
 *
 * - `subject`, `clientId`, `issuer` headers: the principal's values, `encodeURIComponent`-encoded (so they are
 *   plain ASCII with no separator); `scopes`: the granted scopes, sorted, space-separated. Each is sent only
 *   when it has a value (an anonymous caller sends none of them).
 * - `timestamp`: Unix time in seconds when the hub sent the request.
 * - `signature`: `v1=` + base64url(HMAC-SHA256(secret, canonical)), where `canonical` is
 *   `v1\n<timestamp>\n<issuer>\n<subject>\n<clientId>\n<scopes>`, each value exactly as sent (empty when the
 *   header is absent). Subgraphs recompute it, compare in constant time, and refuse timestamps older than
 *   their tolerance (60 s is a good default) to limit replay.
 *
 * No Apollo here: `identityHeaders` builds the values, `verifyIdentityHeaders` is the subgraph side (tests use it).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Principal } from '../contract/principal.js';
import type { IdentityHeaderNames } from './options.js';

export const SIGNATURE_VERSION = 'v1';

/** RFC 6749 §3.3 scope-token characters; anything else is left out rather than sent. */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

export interface IdentityValues {
  readonly subject: string;
  readonly clientId: string;
  readonly issuer: string;
  readonly scopes: string;
  readonly timestamp: string;
}

export function identityValues(principal: Principal | undefined, nowSeconds: number): IdentityValues {
  return {
    subject: principal === undefined ? '' : encodeURIComponent(principal.subject),
    clientId: principal?.clientId === undefined ? '' : encodeURIComponent(principal.clientId),
    issuer: principal === undefined ? '' : encodeURIComponent(principal.issuer),
    scopes:
      principal === undefined
        ? ''
        : [...principal.scopes]
            .filter((s) => SCOPE_TOKEN.test(s))
            .sort()
            .join(' '),
    timestamp: String(Math.floor(nowSeconds)),
  };
}

export function canonicalIdentity(values: IdentityValues): string {
  return [
    SIGNATURE_VERSION,
    values.timestamp,
    values.issuer,
    values.subject,
    values.clientId,
    values.scopes,
  ].join('\n');
}

export function signIdentity(values: IdentityValues, secret: string): string {
  const mac = createHmac('sha256', secret).update(canonicalIdentity(values)).digest('base64url');
  return `${SIGNATURE_VERSION}=${mac}`;
}

/** The headers to add to a subgraph request: name → value, only the ones with a value, plus the signature. */
export function identityHeaders(
  principal: Principal | undefined,
  names: IdentityHeaderNames,
  secret: string,
  nowSeconds: number,
): Record<string, string> {
  const values = identityValues(principal, nowSeconds);
  const headers: Record<string, string> = {};
  for (const key of ['subject', 'clientId', 'issuer', 'scopes'] as const) {
    if (values[key] !== '') headers[names[key]] = values[key];
  }
  headers[names.timestamp] = values.timestamp;
  headers[names.signature] = signIdentity(values, secret);
  return headers;
}

export type IdentityVerification =
  | {
      readonly ok: true;
      readonly subject?: string;
      readonly clientId?: string;
      readonly issuer?: string;
      readonly scopes: readonly string[];
    }
  | { readonly ok: false; readonly reason: 'missing' | 'bad-signature' | 'expired' };

/** What a subgraph does with the headers it received (`get` reads one header, lower-case name). */
export function verifyIdentityHeaders(
  get: (name: string) => string | undefined,
  names: IdentityHeaderNames,
  secret: string,
  { nowSeconds, maxAgeSeconds = 60 }: { nowSeconds: number; maxAgeSeconds?: number },
): IdentityVerification {
  const signature = get(names.signature);
  const timestamp = get(names.timestamp);
  if (signature === undefined || timestamp === undefined) return { ok: false, reason: 'missing' };
  const values: IdentityValues = {
    subject: get(names.subject) ?? '',
    clientId: get(names.clientId) ?? '',
    issuer: get(names.issuer) ?? '',
    scopes: get(names.scopes) ?? '',
    timestamp,
  };
  const expected = Buffer.from(signIdentity(values, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'bad-signature' };
  }
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > maxAgeSeconds) {
    return { ok: false, reason: 'expired' };
  }
  return {
    ok: true,
    ...(values.subject && { subject: decodeURIComponent(values.subject) }),
    ...(values.clientId && { clientId: decodeURIComponent(values.clientId) }),
    ...(values.issuer && { issuer: decodeURIComponent(values.issuer) }),
    scopes: values.scopes === '' ? [] : values.scopes.split(' '),
  };
}
