import { describe, expect, it } from 'vitest';
import { extractBearerToken } from '../../../policies/auth/bearer.js';

const MAX = 100;

describe('extractBearerToken', () => {
  it('reads a b64token after a case-insensitive Bearer scheme', () => {
    expect(extractBearerToken('Bearer abc.DEF-_~+/==', MAX)).toEqual({
      kind: 'token',
      token: 'abc.DEF-_~+/==',
    });
    expect(extractBearerToken('bearer   xyz ', MAX)).toEqual({ kind: 'token', token: 'xyz' });
  });

  it('treats an absent or blank header as missing', () => {
    expect(extractBearerToken(undefined, MAX)).toEqual({ kind: 'missing' });
    expect(extractBearerToken('  ', MAX)).toEqual({ kind: 'missing' });
  });

  it.each([
    ['Basic dXNlcjpwYXNz', 'The Authorization header must use the Bearer scheme'],
    ['Bearerabc', 'The Authorization header must use the Bearer scheme'],
    ['Bearer', 'The Bearer credentials are malformed'],
    ['Bearer a b', 'The Bearer credentials are malformed'],
    ['Bearer a,b', 'The Bearer credentials are malformed'],
    ['Bearer a"b', 'The Bearer credentials are malformed'],
    ['Bearer =abc', 'The Bearer credentials are malformed'],
  ])('rejects %j as malformed', (header, reason) => {
    expect(extractBearerToken(header, MAX)).toEqual({ kind: 'malformed', reason });
  });

  it('refuses oversized tokens, and huge headers before matching them', () => {
    expect(extractBearerToken(`Bearer ${'a'.repeat(MAX)}`, MAX)).toMatchObject({ kind: 'token' });
    expect(extractBearerToken(`Bearer ${'a'.repeat(MAX + 1)}`, MAX)).toEqual({ kind: 'oversized' });
    expect(extractBearerToken(`Bearer ${' '.repeat(10 * MAX)}a`, MAX)).toEqual({ kind: 'oversized' });
  });
});
