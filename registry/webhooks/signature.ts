/**
 * Webhook signatures, the way Stripe signs: `Atrium-Signature: t=<unix seconds>,v1=<hex>` where the hex is the
 * HMAC-SHA256, keyed with the webhook's secret, of `<t>.<body>` (the exact bytes sent). The timestamp is signed
 * with the body, so a receiver that refuses old timestamps (default tolerance 5 minutes) refuses replays.
 * Each attempt is signed anew with its own timestamp. docs/webhooks.md shows the receiver's side in Node.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'atrium-signature';
/** Secrets carry a prefix so that one found in a log or a repository says what it is. */
export const SECRET_PREFIX = 'whsec_';
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A new signing secret: `whsec_` and 32 random bytes, base64url. */
export function generateSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

function hmacHex(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The header value for `body` signed at `timestamp` (unix seconds). */
export function signatureHeader(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${hmacHex(secret, timestamp, body)}`;
}

export type SignatureVerdict =
  | { readonly valid: true; readonly timestamp: number }
  | { readonly valid: false; readonly why: 'malformed' | 'mismatch' | 'too-old' };

/**
 * The receiver's check (used by the tests, and the model for docs/webhooks.md): the header parses, one `v1`
 * matches in constant time, and `t` is within `toleranceSeconds` of `nowSeconds`.
 */
export function verifySignature(
  secret: string,
  body: string,
  header: string | undefined,
  nowSeconds: number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): SignatureVerdict {
  if (!header) return { valid: false, why: 'malformed' };
  const parts = header.split(',').map((part) => part.trim().split('=', 2) as [string, string | undefined]);
  const timestampText = parts.find(([key]) => key === 't')?.[1];
  const signatures = parts.filter(([key]) => key === 'v1').map(([, value]) => value ?? '');
  if (!timestampText || !/^\d{1,12}$/.test(timestampText) || signatures.length === 0) {
    return { valid: false, why: 'malformed' };
  }
  const timestamp = Number(timestampText);
  const expected = Buffer.from(hmacHex(secret, timestamp, body), 'hex');
  const matches = signatures.some((signature) => {
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) return { valid: false, why: 'mismatch' };
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { valid: false, why: 'too-old' };
  return { valid: true, timestamp };
}
