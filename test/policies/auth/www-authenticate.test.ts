import { describe, expect, it } from 'vitest';
import { buildBearerChallenge } from '../../../policies/auth/www-authenticate.js';

describe('buildBearerChallenge', () => {
  it('has only the realm when the client sent no credentials (RFC 6750 §3.1)', () => {
    expect(buildBearerChallenge({ realm: 'atrium' })).toBe('Bearer realm="atrium"');
  });

  it('adds error and error_description for a rejected token', () => {
    expect(
      buildBearerChallenge({
        realm: 'atrium',
        error: 'invalid_token',
        errorDescription: 'The access token expired',
      }),
    ).toBe('Bearer realm="atrium", error="invalid_token", error_description="The access token expired"');
  });

  it('escapes quotes and backslashes and replaces non-printable characters', () => {
    expect(
      buildBearerChallenge({ realm: 'a"b', error: 'invalid_token', errorDescription: 'x\\"y\r\nz\u00e9' }),
    ).toBe('Bearer realm="a\\"b", error="invalid_token", error_description="x\\\\\\"y??z?"');
  });
});
