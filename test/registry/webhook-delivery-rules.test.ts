// The pure rules of webhook delivery: the signature (what a receiver checks), the retry schedule (exponential
// backoff with jitter, bounded) and which answers are retried, and the target policy (https, loopback http,
// denied and allowed ranges).
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadRegistryConfig } from '../../registry/config.js';
import { createRegistry } from '../../registry/server.js';
import { outcomeOf, retryDelayMs } from '../../registry/webhooks/retry-schedule.js';
import { generateSecret, signatureHeader, verifySignature } from '../../registry/webhooks/signature.js';
import { createSecretBox, parseSecretKey } from '../../registry/webhooks/secret-box.js';
import { createWebhookTargetPolicy } from '../../registry/webhooks/target-policy.js';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"id":"1","type":"webhook.ping"}';

  it('signs "<t>.<body>" with HMAC-SHA256 as t=…,v1=…', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signatureHeader(secret, body, 1_700_000_000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies within the tolerance and refuses a changed body, another secret, a stale or malformed header', () => {
    const header = signatureHeader(secret, body, 1_700_000_000);
    expect(verifySignature(secret, body, header, 1_700_000_100)).toEqual({
      valid: true,
      timestamp: 1_700_000_000,
    });
    expect(verifySignature(secret, `${body} `, header, 1_700_000_100)).toEqual({
      valid: false,
      why: 'mismatch',
    });
    expect(verifySignature('whsec_other', body, header, 1_700_000_100)).toEqual({
      valid: false,
      why: 'mismatch',
    });
    expect(verifySignature(secret, body, header, 1_700_000_301)).toEqual({ valid: false, why: 'too-old' });
    expect(verifySignature(secret, body, 'v1=abc', 1_700_000_000)).toEqual({
      valid: false,
      why: 'malformed',
    });
    expect(verifySignature(secret, body, undefined, 1_700_000_000)).toEqual({
      valid: false,
      why: 'malformed',
    });
    // A forged timestamp with the old signature does not verify.
    const forged = header.replace('t=1700000000', 't=1700000200');
    expect(verifySignature(secret, body, forged, 1_700_000_200)).toEqual({ valid: false, why: 'mismatch' });
  });

  it('generates distinct secrets with the whsec_ prefix', () => {
    const secrets = new Set(Array.from({ length: 20 }, generateSecret));
    expect(secrets.size).toBe(20);
    for (const value of secrets) expect(value).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  });
});

describe('webhook retries', () => {
  const schedule = { baseDelayMs: 1_000, maxDelayMs: 8_000 };

  it('doubles the wait per attempt up to the cap, keeping between half and all of each step', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(schedule, n, () => 0))).toEqual([
      500, 1_000, 2_000, 4_000, 4_000, 4_000,
    ]);
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(schedule, n, () => 0.999_999))).toEqual([
      1_000, 2_000, 4_000, 8_000, 8_000, 8_000,
    ]);
    expect(retryDelayMs(schedule, 3, () => 0.5)).toBe(3_000);
  });

  it('retries network errors, timeouts, 408, 429 and 5xx; not other answers or refused targets', () => {
    expect(outcomeOf({ status: 204, retryable: true })).toBe('delivered');
    for (const status of [408, 429, 500, 502, 503])
      expect(outcomeOf({ status, retryable: true })).toBe('retry');
    for (const status of [301, 400, 401, 404, 410])
      expect(outcomeOf({ status, retryable: true })).toBe('failed');
    expect(outcomeOf({ status: null, retryable: true })).toBe('retry');
    expect(outcomeOf({ status: null, retryable: false })).toBe('failed');
  });
});

describe('webhook target policy', () => {
  it('allows https anywhere public and http only to loopback by default', () => {
    const policy = createWebhookTargetPolicy();
    expect(policy.checkUrl('https://hooks.slack.com/services/T/B/X')).toBeNull();
    expect(policy.checkUrl('https://93.184.216.34/hook')).toBeNull();
    expect(policy.checkUrl('http://127.0.0.1:8080/hook')).toBeNull();
    expect(policy.checkUrl('http://[::1]:8080/hook')).toBeNull();
    expect(policy.checkUrl('http://localhost:8080/hook')).toBeNull();
    expect(policy.checkUrl('http://hooks.example.com/hook')).toMatch(/^must be https:/);
    expect(policy.checkUrl('https://172.16.5.4/hook')).toContain('denied range 172.16.0.0/12');
    expect(policy.checkUrl('https://100.64.0.1/hook')).toContain('denied range 100.64.0.0/10');
    expect(policy.checkUrl('https://[fd12::1]/hook')).toContain('denied range fc00::/7');
    // WHATWG URL parsing turns other spellings into the address they mean.
    expect(policy.checkUrl('https://0xa9fea9fe/latest')).toContain('denied range 169.254.0.0/16');
  });

  it('lets an allowlisted range through, the most specific range deciding, and denies extra ranges', () => {
    const policy = createWebhookTargetPolicy({
      allowedRanges: ['10.20.0.0/16'],
      deniedRanges: ['10.20.30.0/24', '127.0.0.0/8'],
      dangerouslyAllowHttp: true,
    });
    expect(policy.checkUrl('https://10.20.1.1/hook')).toBeNull();
    expect(policy.checkUrl('https://10.21.1.1/hook')).toContain('denied range 10.0.0.0/8');
    expect(policy.checkUrl('https://10.20.30.1/hook')).toContain('denied range 10.20.30.0/24');
    expect(policy.checkUrl('http://127.0.0.1/hook')).toContain('denied range 127.0.0.0/8');
    expect(policy.checkUrl('http://hooks.example.com/hook')).toBeNull();
  });
});

describe('webhook configuration', () => {
  it('reads ATRIUM_WEBHOOK_ALLOW, _DENY and _DANGEROUSLY_ALLOW_HTTP', () => {
    const config = loadRegistryConfig({
      ATRIUM_WEBHOOK_ALLOW: '10.20.0.0/16, 192.168.7.0/24',
      ATRIUM_WEBHOOK_DENY: '127.0.0.0/8,::1',
      ATRIUM_WEBHOOK_DANGEROUSLY_ALLOW_HTTP: 'true',
    });
    expect(config.webhooks).toEqual({
      allowedRanges: ['10.20.0.0/16', '192.168.7.0/24'],
      deniedRanges: ['127.0.0.0/8', '::1'],
      dangerouslyAllowHttp: true,
    });
    expect(loadRegistryConfig({}).webhooks).toBeUndefined();
  });

  it('reports an invalid range with its variable, and invalid options with their path', async () => {
    expect(() => loadRegistryConfig({ ATRIUM_WEBHOOK_DENY: '10.0.0.1/8' })).toThrow(
      expect.objectContaining({
        code: 'INVALID_CONFIG',
        details: {
          issues: [
            expect.objectContaining({
              path: 'ATRIUM_WEBHOOK_DENY.0',
              message: expect.stringContaining('10.0.0.0/8') as string,
            }),
          ],
        },
      }),
    );
    await expect(
      createRegistry({ dataDir: 'memory://', logger: false, webhooks: { maxAttempts: 0, retryBaseMs: -1 } }),
    ).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      details: {
        issues: [
          expect.objectContaining({ path: 'webhooks.maxAttempts' }),
          expect.objectContaining({ path: 'webhooks.retryBaseMs' }),
        ],
      },
    });
  });
});

describe('webhook secrets at rest', () => {
  const key = parseSecretKey('a'.repeat(64));
  const other = parseSecretKey(Buffer.alloc(32, 7).toString('base64'));

  it('parses a 32-byte key as hex or base64, nothing else', () => {
    expect(key?.length).toBe(32);
    expect(other?.length).toBe(32);
    expect(parseSecretKey('a'.repeat(63))).toBeNull();
    expect(parseSecretKey(Buffer.alloc(16).toString('base64'))).toBeNull();
  });

  it('seals with the key, bound to the webhook id, and opens plain secrets stored before the key', () => {
    const box = createSecretBox(key);
    const sealed = box.seal('whsec_abc', 'hook-1');
    expect(sealed).toMatch(/^aes256gcm:v1:/);
    expect(sealed).not.toContain('whsec_abc');
    expect(box.seal('whsec_abc', 'hook-1')).not.toBe(sealed); // a fresh IV each time
    expect(box.open(sealed, 'hook-1')).toEqual({ ok: true, secret: 'whsec_abc' });
    expect(box.open(sealed, 'hook-2')).toMatchObject({ ok: false });
    expect(box.open('whsec_plain', 'hook-1')).toEqual({ ok: true, secret: 'whsec_plain' });
    expect(createSecretBox(other).open(sealed, 'hook-1')).toEqual({
      ok: false,
      problem: 'the signing secret does not decrypt with ATRIUM_WEBHOOK_SECRET_KEY (another key?)',
    });
    expect(createSecretBox(null).open(sealed, 'hook-1')).toEqual({
      ok: false,
      problem: 'the signing secret is encrypted and ATRIUM_WEBHOOK_SECRET_KEY is not set',
    });
    expect(createSecretBox(null).seal('whsec_abc', 'hook-1')).toBe('whsec_abc');
  });

  it('refuses an unusable ATRIUM_WEBHOOK_SECRET_KEY without echoing it', () => {
    const value = 'not-a-key-but-a-secret-value';
    let message = '';
    try {
      loadRegistryConfig({ ATRIUM_WEBHOOK_SECRET_KEY: value });
    } catch (error) {
      message = JSON.stringify(error, Object.getOwnPropertyNames(error));
    }
    expect(message).toContain('ATRIUM_WEBHOOK_SECRET_KEY');
    expect(message).toContain('must be 32 bytes, as base64 or as 64 hex digits');
    expect(message).not.toContain(value);
  });
});
