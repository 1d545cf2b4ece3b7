import { describe, expect, it } from 'vitest';
import { AddressRangeMap, parseAddress, parseRange } from '../../../lib/ip-ranges.js';
import { ClientIndex } from '../../../policies/clients/client-index.js';
import { withReservedClients } from '../../../lib/client-records.js';

function range(text: string) {
  const parsed = parseRange(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.range;
}

describe('IP addresses and ranges', () => {
  it('parses IPv4, IPv6 (compressed, embedded IPv4) and reads IPv4-mapped addresses as IPv4', () => {
    expect(Array.from(parseAddress('10.1.2.3') ?? [])).toEqual([10, 1, 2, 3]);
    expect(Array.from(parseAddress('::ffff:10.1.2.3') ?? [])).toEqual([10, 1, 2, 3]);
    expect(Array.from(parseAddress('::ffff:a01:203') ?? [])).toEqual([10, 1, 2, 3]);
    expect(parseAddress('2001:db8::1')?.length).toBe(16);
    expect(parseAddress('::1')?.[15]).toBe(1);
    for (const bad of [
      '10.1.2',
      '10.1.2.256',
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      'fe80::1%eth0',
      'x',
      '',
      '1:2:3:4:5:6:7::8:9',
    ])
      expect(parseAddress(bad), bad).toBeNull();
  });

  it('refuses ranges with bits beyond the prefix, naming the network, and maps IPv4-mapped ranges', () => {
    expect(parseRange('10.1.2.3/8')).toEqual({
      ok: false,
      problem: 'has address bits set beyond /8: the network is 10.0.0.0/8',
    });
    expect(parseRange('10.0.0.0/33').ok).toBe(false);
    expect(range('::ffff:10.0.0.0/104')).toEqual(range('10.0.0.0/8'));
    expect(range('10.0.0.1').prefix).toBe(32);
  });

  it('answers the most specific range containing an address', () => {
    const map = new AddressRangeMap([
      [range('10.0.0.0/8'), 'wide'],
      [range('10.1.0.0/16'), 'narrow'],
      [range('2001:db8::/32'), 'six'],
    ]);
    expect(map.match(parseAddress('10.1.2.3')!)).toBe('narrow');
    expect(map.match(parseAddress('::ffff:10.2.0.1')!)).toBe('wide');
    expect(map.match(parseAddress('2001:db8:1::5')!)).toBe('six');
    expect(map.match(parseAddress('11.0.0.1')!)).toBeUndefined();
  });
});

describe('ClientIndex', () => {
  const index = new ClientIndex(
    withReservedClients({
      graph: 'shop',
      clients: [
        {
          id: 'mobile',
          displayName: 'Mobile',
          recognition: { kind: 'client-id', clientIds: ['mobile-app'] },
          tier: 'free',
          rate: { requests: 5, windowSeconds: 60 },
          budget: null,
          overrides: {},
          persistedOperations: 'off',
        },
        {
          id: 'office',
          displayName: 'Office',
          recognition: { kind: 'remote-address', addresses: ['192.0.2.0/24'] },
          tier: null,
          rate: null,
          budget: { points: 100, windowSeconds: 60 },
          overrides: { maxDepth: 5 },
          persistedOperations: 'audit',
        },
      ],
    }),
  );

  it('selects by verified client id, else default; by address, else anonymous', () => {
    expect(index.resolve({ authenticated: true, clientId: 'mobile-app' })).toMatchObject({
      id: 'mobile',
      source: 'record',
      tier: 'free',
    });
    expect(index.resolve({ authenticated: true, clientId: 'other' })).toMatchObject({
      id: 'default',
      source: 'default',
    });
    expect(index.resolve({ authenticated: true, clientId: undefined })).toMatchObject({ id: 'default' });
    // An authenticated caller is never recognised by address.
    expect(index.resolve({ authenticated: true, clientId: 'other', address: '192.0.2.9' }).id).toBe(
      'default',
    );
    expect(index.resolve({ authenticated: false, address: '192.0.2.9' })).toMatchObject({
      id: 'office',
      source: 'address',
      budget: { points: 100, windowSeconds: 60 },
      overrides: { maxDepth: 5 },
      persistedOperations: 'audit',
    });
    expect(index.resolve({ authenticated: false, address: '::ffff:192.0.2.9' }).id).toBe('office');
    expect(index.resolve({ authenticated: false, address: '198.51.100.1' })).toMatchObject({
      id: 'anonymous',
      source: 'anonymous',
    });
    expect(index.resolve({ authenticated: false })).toMatchObject({ id: 'anonymous' });
  });
});
