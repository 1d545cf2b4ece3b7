// One spelling per address range, so that the same range given twice is recognised as one.
import { describe, expect, it } from 'vitest';
import { canonicalAddressRange } from '../../registry/services/canonical-address-range.js';

describe('canonicalAddressRange', () => {
  it('spells ranges one way', () => {
    const cases: [string, string][] = [
      ['10.0.0.0/8', '10.0.0.0/8'],
      ['10.0.0.1', '10.0.0.1/32'],
      ['2001:DB8:0::/32', '2001:db8::/32'],
      ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1/128'],
      ['::ffff:10.0.0.0/104', '10.0.0.0/8'],
      ['::ffff:203.0.113.9', '203.0.113.9/32'],
      ['::/0', '::/0'],
      ['0.0.0.0/0', '0.0.0.0/0'],
    ];
    for (const [input, text] of cases)
      expect(canonicalAddressRange(input), input).toEqual({ ok: true, text });
  });

  it('refuses what is not one range, naming the network of a range with host bits', () => {
    expect(canonicalAddressRange('10.1.2.3/8')).toEqual({
      ok: false,
      problem: 'has address bits set beyond /8: the network is 10.0.0.0/8',
    });
    expect(canonicalAddressRange('2001:db8::1/64')).toMatchObject({
      problem: /the network is 2001:db8::\/64$/,
    });
    for (const input of ['nonsense', '10.0.0.0/33', '10.0.0.0/8/8', '', '10.0.0.0/-1', 'fe80::1%eth0']) {
      expect(canonicalAddressRange(input).ok, input).toBe(false);
    }
  });
});
