import { BlockList, isIP } from 'node:net';
import { RegistryErrors } from '../errors.js';

/**
 * Link-local addresses, where cloud metadata services answer (169.254.169.254, fd00:ec2::254 is not covered:
 * add it when the hub runs on AWS with IPv6). Loopback stays allowed: the demo runs its subgraphs on 127.0.0.1.
 */
export const DEFAULT_DENIED_RANGES: readonly string[] = ['169.254.0.0/16', 'fe80::/10'];

export interface AddressRange {
  readonly text: string;
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

/** `10.0.0.0/8`, `fe80::/10`, or one address (`169.254.169.254`, a /32 or /128); `null` when invalid. */
export function parseAddressRange(text: string): AddressRange | null {
  const [address = '', prefixText, ...rest] = text.trim().split('/');
  if (rest.length > 0) return null;
  const version = isIP(address);
  if (version === 0) return null;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return null;
  return { text: `${address}/${prefix}`, address, prefix, family };
}

export interface RoutingUrlPolicy {
  /** Throws ROUTING_URL_DENIED when the URL's host is a literal IP address in a denied range. */
  check(routingUrl: string): void;
}

/**
 * Where subgraph routing URLs may point. Only literal IP hosts are checked (after WHATWG URL parsing, which
 * turns `0xa9fea9fe` or `[::ffff:169.254.169.254]` into the address they mean); host names are not resolved:
 * DNS can answer differently when the hub connects, so a check here would promise what it cannot keep. Keep the
 * hub's egress to subgraphs restricted by the network if host names must not reach internal addresses.
 */
export function createRoutingUrlPolicy(ranges: readonly string[] = DEFAULT_DENIED_RANGES): RoutingUrlPolicy {
  const lists = ranges.map((text) => {
    const range = parseAddressRange(text);
    if (!range) throw new Error(`invalid address range "${text}"`);
    const list = new BlockList();
    list.addSubnet(range.address, range.prefix, range.family);
    return { range, list };
  });
  return {
    check(routingUrl) {
      if (lists.length === 0 || !URL.canParse(routingUrl)) return;
      const host = new URL(routingUrl).hostname.replace(/^\[(.*)\]$/, '$1');
      const version = isIP(host);
      if (version === 0) return;
      const family = version === 4 ? 'ipv4' : 'ipv6';
      const denied = lists.find(({ list }) => list.check(host, family));
      if (denied) throw RegistryErrors.ROUTING_URL_DENIED.create({ routingUrl, range: denied.range.text });
    },
  };
}
