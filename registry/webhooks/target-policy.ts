/**
 * Where webhooks may be sent (the registry's SSRF guard, docs/webhooks.md "Targets"). The registry connects to
 * the URL itself, so unlike routing URLs (which only the hub dials) host names are checked where they are
 * resolved: `guardedLookup` refuses a connection when any address the name resolves to is denied, and the
 * connection goes to an address that was checked (no second resolution to rebind).
 *
 * - `https:` everywhere; `http:` only to loopback (`127.0.0.0/8`, `::1`, `localhost`) unless
 *   `dangerouslyAllowHttp`.
 * - Addresses in DEFAULT_DENIED_WEBHOOK_RANGES (private, link-local, carrier-grade NAT, multicast, reserved) and in
 *   `deniedRanges` are refused, except those in `allowedRanges`; the most specific range decides, `allowedRanges`
 *   winning a tie. Loopback is allowed by default (local receivers, tests); production registries deny it with
 *   `ATRIUM_WEBHOOK_DENY=127.0.0.0/8,::1`.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { AddressRangeMap, parseAddress, parseRange, type AddressRange } from '../../lib/ip-ranges.js';

export const DEFAULT_DENIED_WEBHOOK_RANGES: readonly string[] = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '224.0.0.0/4',
  '240.0.0.0/4',
  '::/128',
  '64:ff9b::/96',
  'fc00::/7',
  'fe80::/10',
  'ff00::/8',
];

const LOOPBACK_RANGES = ['127.0.0.0/8', '::1/128'];

export interface WebhookTargetOptions {
  readonly allowedRanges?: readonly string[];
  readonly deniedRanges?: readonly string[];
  readonly dangerouslyAllowHttp?: boolean;
}

/** Why a target is refused; `null` when it is allowed. */
export type TargetProblem = string | null;

export interface WebhookTargetPolicy {
  /** Checks a URL as given (scheme, credentials, a literal IP host); host names are checked when resolved. */
  checkUrl(url: string): TargetProblem;
  /** Checks one resolved or literal address. */
  checkAddress(address: string): TargetProblem;
  /** A `lookup` for `http.request` that refuses host names resolving into denied ranges. */
  readonly lookup: GuardedLookup;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;
export type GuardedLookup = (hostname: string, options: LookupOptions, callback: LookupCallback) => void;

/** The error a refused resolution fails the connection with. */
export class TargetDeniedError extends Error {
  override readonly name = 'TargetDeniedError';
  readonly code = 'WEBHOOK_TARGET_DENIED';
}

function ranges(texts: readonly string[]): AddressRange[] {
  return texts.map((text) => {
    const parsed = parseRange(text.trim());
    if (!parsed.ok) throw new Error(`invalid address range "${text}": ${parsed.problem}`);
    return parsed.range;
  });
}

/** Validates a list of ranges (for config): the problem of the first invalid one, or `null`. */
export function rangeProblem(text: string): string | null {
  const parsed = parseRange(text.trim());
  return parsed.ok ? null : parsed.problem;
}

function bareHost(hostname: string): string {
  return hostname.replace(/^\[(.*)\]$/, '$1');
}

export function createWebhookTargetPolicy(options: WebhookTargetOptions = {}): WebhookTargetPolicy {
  type Verdict = { allow: boolean; range: string };
  const entries: [AddressRange, Verdict][] = [];
  // Allowed ranges first: AddressRangeMap keeps the first value of a range given twice.
  for (const text of options.allowedRanges ?? [])
    entries.push(...ranges([text]).map((r): [AddressRange, Verdict] => [r, { allow: true, range: text }]));
  for (const text of [...DEFAULT_DENIED_WEBHOOK_RANGES, ...(options.deniedRanges ?? [])]) {
    entries.push(...ranges([text]).map((r): [AddressRange, Verdict] => [r, { allow: false, range: text }]));
  }
  const map = new AddressRangeMap(entries);
  const loopback = new AddressRangeMap(ranges(LOOPBACK_RANGES).map((r) => [r, true] as const));

  function checkAddress(address: string): TargetProblem {
    const bytes = parseAddress(address);
    if (!bytes) return `"${address}" is not an IP address`;
    const verdict = map.match(bytes);
    if (verdict && !verdict.allow) {
      return `address ${address} is in the denied range ${verdict.range} (allow it with ATRIUM_WEBHOOK_ALLOW)`;
    }
    return null;
  }

  function isLoopbackHost(host: string): boolean {
    if (host === 'localhost') return true;
    const bytes = parseAddress(host);
    return bytes !== null && loopback.match(bytes) === true;
  }

  const lookup: GuardedLookup = (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const denied = addresses
        .map((entry) => checkAddress(entry.address))
        .find((problem) => problem !== null);
      if (denied) return callback(new TargetDeniedError(`${hostname}: ${denied}`), []);
      if (lookupOptions.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new TargetDeniedError(`${hostname} resolved to no address`), []);
      callback(null, first.address, first.family);
    });
  };

  return {
    checkUrl(url) {
      if (!URL.canParse(url)) return 'must be an absolute URL';
      const parsed = new URL(url);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
        return 'must be an https: (or http:) URL';
      if (parsed.username !== '' || parsed.password !== '')
        return 'must not contain credentials (user:password@)';
      const host = bareHost(parsed.hostname);
      if (host === '') return 'must have a host';
      if (parsed.protocol === 'http:' && !options.dangerouslyAllowHttp && !isLoopbackHost(host)) {
        return 'must be https: (http: only to 127.0.0.1, ::1 or localhost unless ATRIUM_WEBHOOK_DANGEROUSLY_ALLOW_HTTP)';
      }
      return isIP(host) === 0 ? null : checkAddress(host);
    },
    checkAddress,
    lookup,
  };
}
