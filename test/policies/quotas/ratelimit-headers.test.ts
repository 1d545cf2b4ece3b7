// The RateLimit fields against the examples of draft-ietf-httpapi-ratelimit-headers (draft 11, §3.2 and §4),
// serialized as RFC 9651 Structured Fields (a List's members separated by ", "), and Retry-After.
import { describe, expect, it } from 'vitest';
import {
  formatRateLimit,
  formatRateLimitPolicy,
  formatRetryAfter,
} from '../../../policies/quotas/ratelimit-headers.js';

const base64 = (text: string) => Uint8Array.from(Buffer.from(text, 'base64'));

describe('RateLimit-Policy', () => {
  // The draft's `pk` examples (`cHsdsRa894==`, `sdfjLJUOUH==`) are not canonical base64 (their last character
  // carries bits beyond the data): RFC 9651 §4.1.8 serializes the bytes they decode to canonically.
  it("formats the draft's examples", () => {
    expect(formatRateLimitPolicy([{ name: 'default', quota: 100, windowSeconds: 10 }])).toBe(
      '"default";q=100;w=10',
    );
    expect(
      formatRateLimitPolicy([
        { name: 'permin', quota: 50, windowSeconds: 60 },
        { name: 'perhr', quota: 1000, windowSeconds: 3600 },
      ]),
    ).toBe('"permin";q=50;w=60, "perhr";q=1000;w=3600');
    expect(
      formatRateLimitPolicy([
        { name: 'peruser', quota: 100, windowSeconds: 60, partitionKey: base64('cHsdsRa894==') },
      ]),
    ).toBe('"peruser";q=100;w=60;pk=:cHsdsRa89w==:');
    expect(
      formatRateLimitPolicy([
        {
          name: 'peruser',
          quota: 65535,
          unit: 'content-bytes',
          windowSeconds: 10,
          partitionKey: base64('sdfjLJUOUH=='),
        },
      ]),
    ).toBe('"peruser";q=65535;qu="content-bytes";w=10;pk=:sdfjLJUOUA==:');
    expect(
      formatRateLimitPolicy([
        { name: 'burst', quota: 100, windowSeconds: 60 },
        { name: 'daily', quota: 1000, windowSeconds: 86400 },
      ]),
    ).toBe('"burst";q=100;w=60, "daily";q=1000;w=86400');
  });

  it("adds vendor parameters after the draft's own, and escapes the policy name", () => {
    expect(
      formatRateLimitPolicy([
        { name: 'rate', quota: 10, windowSeconds: 60, extra: [['atrium-burst', 20]] },
        { name: 'budget', quota: 5000, windowSeconds: 3600, extra: [['atrium-unit', 'cost']] },
      ]),
    ).toBe('"rate";q=10;w=60;atrium-burst=20, "budget";q=5000;w=3600;atrium-unit="cost"');
    expect(formatRateLimitPolicy([{ name: 'say "hi" \\ there', quota: 1 }])).toBe(
      '"say \\"hi\\" \\\\ there";q=1',
    );
  });

  it('refuses what Structured Fields cannot carry', () => {
    expect(() => formatRateLimitPolicy([])).toThrow(/empty/);
    expect(() => formatRateLimitPolicy([{ name: 'é', quota: 1 }])).toThrow(/printable ASCII/);
    expect(() => formatRateLimitPolicy([{ name: 'a', quota: -1 }])).toThrow(/q must be/);
    expect(() => formatRateLimitPolicy([{ name: 'a', quota: 1, windowSeconds: 0 }])).toThrow(/w must be/);
    expect(() => formatRateLimitPolicy([{ name: 'a', quota: 1e16 }])).toThrow(/15 digits/);
    expect(() => formatRateLimitPolicy([{ name: 'a', quota: 1, extra: [['Bad', 1]] }])).toThrow(/key/);
  });
});

describe('RateLimit', () => {
  it("formats the draft's examples", () => {
    expect(formatRateLimit([{ name: 'default', remaining: 50, resetSeconds: 30 }])).toBe(
      '"default";r=50;t=30',
    );
    expect(
      formatRateLimit([{ name: 'default', remaining: 999, partitionKey: base64('dHJpYWwxMjEzMjM=') }]),
    ).toBe('"default";r=999;pk=:dHJpYWwxMjEzMjM=:');
    expect(formatRateLimit([{ name: 'day', remaining: 100, resetSeconds: 36000 }])).toBe(
      '"day";r=100;t=36000',
    );
    expect(formatRateLimit([{ name: 'default', remaining: 0, resetSeconds: 5 }])).toBe('"default";r=0;t=5');
  });

  it('lists one item per policy', () => {
    expect(
      formatRateLimit([
        { name: 'rate', remaining: 0, resetSeconds: 6 },
        { name: 'budget', remaining: 4200, resetSeconds: 300 },
      ]),
    ).toBe('"rate";r=0;t=6, "budget";r=4200;t=300');
  });
});

describe('Retry-After', () => {
  it('is delay-seconds, rounded up', () => {
    expect(formatRetryAfter(5)).toBe('5');
    expect(formatRetryAfter(0.2)).toBe('1');
    expect(() => formatRetryAfter(-1)).toThrow(RangeError);
  });
});
