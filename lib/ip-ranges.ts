/**
 * IP addresses and CIDR ranges as bytes, and the most specific range containing an address: how the hub decides
 * whether a connection comes from a trusted proxy (`server.trustedProxies`) and which client record an
 * anonymous caller's address selects. Pure: no Node imports.
 *
 * IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`, how a dual-stack socket reports IPv4 peers) are IPv4, and so
 * are mapped ranges (`::ffff:10.0.0.0/104` is `10.0.0.0/8`), as in the registry's canonical form. Zone indexes
 * (`fe80::1%eth0`) are refused.
 */

export interface AddressRange {
  /** 4 bytes (IPv4) or 16 (IPv6), with the bits beyond the prefix cleared. */
  readonly bytes: Uint8Array;
  readonly prefix: number;
}

function parseIpv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const value = Number(part);
    if (value > 255) return null;
    bytes.push(value);
  }
  return bytes;
}

function parseIpv6(text: string): number[] | null {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return null;
  let hex = text;
  let embedded: number[] = [];
  if (text.includes('.')) {
    const lastColon = text.lastIndexOf(':');
    const ipv4 = parseIpv4(text.slice(lastColon + 1));
    if (lastColon === -1 || ipv4 === null) return null;
    embedded = ipv4;
    hex = text.slice(0, lastColon + 1); // `::ffff:` or `1::`: keep a `::`, drop a single trailing `:`
    if (!hex.endsWith('::')) hex = hex.slice(0, -1);
  }
  const wanted = embedded.length > 0 ? 6 : 8;
  const halves = hex.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const left = groups(halves[0] ?? '');
  const right = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (![...left, ...right].every((group) => /^[0-9A-Fa-f]{1,4}$/.test(group))) return null;
  const given = left.length + right.length;
  // `::` stands for at least one group of zeros.
  if (halves.length === 1 ? given !== wanted : given >= wanted) return null;
  const hextets = [...left, ...Array<string>(wanted - given).fill('0'), ...right];
  const bytes = hextets.flatMap((hextet) => {
    const value = parseInt(hextet, 16);
    return [value >> 8, value & 0xff];
  });
  return [...bytes, ...embedded];
}

function isMapped(bytes: readonly number[]): boolean {
  return (
    bytes.length === 16 &&
    bytes.slice(0, 10).every((byte) => byte === 0) &&
    bytes[10] === 0xff &&
    bytes[11] === 0xff
  );
}

/** An address as bytes (mapped IPv6 as IPv4), or `null` when it is not an IP address. */
export function parseAddress(text: string): Uint8Array | null {
  if (text.includes('%')) return null;
  const bytes = text.includes(':') ? parseIpv6(text) : parseIpv4(text);
  if (bytes === null) return null;
  return Uint8Array.from(isMapped(bytes) ? bytes.slice(12) : bytes);
}

function masked(bytes: Uint8Array, prefix: number): Uint8Array {
  return bytes.map((byte, index) => {
    const bits = Math.min(8, Math.max(0, prefix - index * 8));
    return byte & ((0xff << (8 - bits)) & 0xff);
  });
}

export type ParsedRange = { ok: true; range: AddressRange } | { ok: false; problem: string };

/**
 * A CIDR range (`10.0.0.0/8`, `2001:db8::/32`) or one address (its /32 or /128). Bits set beyond the prefix
 * (`10.1.2.3/8`) are refused, naming the network, rather than silently widened.
 */
export function parseRange(text: string): ParsedRange {
  const slash = text.indexOf('/');
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const raw = addressText.includes('%')
    ? null
    : addressText.includes(':')
      ? parseIpv6(addressText)
      : parseIpv4(addressText);
  if (raw === null) {
    return {
      ok: false,
      problem: 'must be an IP address or a CIDR range such as 10.0.0.0/8 or 2001:db8::/32',
    };
  }
  const width = raw.length * 8;
  let prefix = width;
  if (slash !== -1) {
    const prefixText = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > width) {
      return { ok: false, problem: `must have a prefix length from 0 to ${width}` };
    }
    prefix = Number(prefixText);
  }
  let bytes = Uint8Array.from(raw);
  if (isMapped(raw) && prefix >= 96) {
    bytes = bytes.slice(12);
    prefix -= 96;
  }
  const network = masked(bytes, prefix);
  if (network.some((byte, index) => byte !== bytes[index])) {
    return {
      ok: false,
      problem: `has address bits set beyond /${prefix}: the network is ${formatRange({ bytes: network, prefix })}`,
    };
  }
  return { ok: true, range: { bytes: network, prefix } };
}

/** `10.0.0.0/8`, `2001:db8:0:0:0:0:0:0/32` (IPv6 groups uncompressed: for messages and keys only). */
export function formatRange({ bytes, prefix }: AddressRange): string {
  if (bytes.length === 4) return `${bytes.join('.')}/${prefix}`;
  const hextets: string[] = [];
  for (let i = 0; i < 16; i += 2) hextets.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return `${hextets.join(':')}/${prefix}`;
}

function keyOf(bytes: Uint8Array): string {
  return bytes.join('.');
}

/**
 * Ranges with a value each; `match` answers the value of the most specific range containing an address. One
 * map lookup per distinct prefix length of the address's family, longest first.
 */
export class AddressRangeMap<Value> {
  readonly #byFamily = new Map<number, { prefix: number; entries: Map<string, Value> }[]>();

  constructor(entries: Iterable<readonly [AddressRange, Value]>) {
    for (const [range, value] of entries) {
      let levels = this.#byFamily.get(range.bytes.length);
      if (levels === undefined) {
        levels = [];
        this.#byFamily.set(range.bytes.length, levels);
      }
      let level = levels.find((candidate) => candidate.prefix === range.prefix);
      if (level === undefined) {
        level = { prefix: range.prefix, entries: new Map() };
        levels.push(level);
        levels.sort((a, b) => b.prefix - a.prefix);
      }
      const key = keyOf(range.bytes);
      if (!level.entries.has(key)) level.entries.set(key, value);
    }
  }

  get size(): number {
    let count = 0;
    for (const levels of this.#byFamily.values()) for (const level of levels) count += level.entries.size;
    return count;
  }

  /** The value of the most specific range containing the address (bytes from `parseAddress`). */
  match(address: Uint8Array): Value | undefined {
    const levels = this.#byFamily.get(address.length);
    if (levels === undefined) return undefined;
    for (const level of levels) {
      const value = level.entries.get(keyOf(masked(address, level.prefix)));
      if (value !== undefined) return value;
    }
    return undefined;
  }
}
