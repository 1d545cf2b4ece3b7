import { parseAddressRange } from './routing-url-policy.js';

/**
 * One spelling per address range, so that a range given twice in different spellings (`2001:DB8::/32` and
 * `2001:db8:0::/32`, `10.0.0.1` and `10.0.0.1/32`) is recognised as the same and refused for a second record:
 *
 * - an address alone is its /32 or /128;
 * - IPv4 in dotted decimal; IPv6 as the WHATWG URL parser serializes it (RFC 5952: lower case, the longest run of
 *   zeros as `::`);
 * - an IPv4-mapped IPv6 range (`::ffff:10.0.0.0/104`) is the IPv4 range it maps (`10.0.0.0/8`): the hub sees IPv4
 *   callers of a dual-stack socket as mapped addresses and compares them as IPv4.
 *
 * A range with bits set beyond its prefix (`10.1.2.3/8`) is refused, naming its network, rather than silently
 * widened. Zone indexes (`fe80::1%eth0`) are refused: they name an interface of one machine.
 */
export type CanonicalRange = { ok: true; text: string } | { ok: false; problem: string };

const SHAPE = 'must be an IP address or a CIDR range such as 10.0.0.0/8 or 2001:db8::/32';

function ipv4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}

function ipv6Bytes(address: string): number[] {
  let text = address;
  const embedded = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (embedded?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = ipv4Bytes(embedded[1]);
    text = `${text.slice(0, -embedded[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const start = groups(head);
  const end = tail === undefined ? [] : groups(tail);
  const hextets = [...start, ...Array<string>(8 - start.length - end.length).fill('0'), ...end];
  return hextets.flatMap((hextet) => {
    const value = parseInt(hextet, 16);
    return [value >> 8, value & 0xff];
  });
}

function formatBytes(bytes: readonly number[]): string {
  if (bytes.length === 4) return bytes.join('.');
  const hextets: string[] = [];
  for (let i = 0; i < 16; i += 2) hextets.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return new URL(`http://[${hextets.join(':')}]/`).hostname.slice(1, -1);
}

function masked(bytes: readonly number[], prefix: number): number[] {
  return bytes.map((byte, index) => {
    const bits = Math.min(8, Math.max(0, prefix - index * 8));
    return byte & ((0xff << (8 - bits)) & 0xff);
  });
}

export function canonicalAddressRange(input: string): CanonicalRange {
  if (input.includes('%'))
    return { ok: false, problem: 'must not name an interface (a zone index such as %eth0)' };
  const range = parseAddressRange(input);
  if (!range) return { ok: false, problem: SHAPE };
  let bytes = range.family === 'ipv4' ? ipv4Bytes(range.address) : ipv6Bytes(range.address);
  let prefix = range.prefix;
  const mapped =
    bytes.length === 16 &&
    bytes.slice(0, 10).every((byte) => byte === 0) &&
    bytes[10] === 0xff &&
    bytes[11] === 0xff;
  if (mapped && prefix >= 96) {
    bytes = bytes.slice(12);
    prefix -= 96;
  }
  const network = masked(bytes, prefix);
  if (network.some((byte, index) => byte !== bytes[index])) {
    return {
      ok: false,
      problem: `has address bits set beyond /${prefix}: the network is ${formatBytes(network)}/${prefix}`,
    };
  }
  return { ok: true, text: `${formatBytes(bytes)}/${prefix}` };
}
