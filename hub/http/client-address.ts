/**
 * The caller's address: the connection's peer, unless the peer is one of `server.trustedProxies`; then the
 * rightmost `X-Forwarded-For` address that is not a trusted proxy (each proxy appends the address it received
 * the request from, so addresses left of the first untrusted one may be anything the client wrote). From a
 * peer that is not trusted the header is ignored: a client cannot choose its address by sending it.
 */
import type { IncomingMessage } from 'node:http';
import { AddressRangeMap, parseAddress, parseRange } from '../../lib/ip-ranges.js';

export type ClientAddressOf = (req: IncomingMessage) => string | undefined;

export function createClientAddress(trustedProxies: readonly string[]): ClientAddressOf {
  const peer = (req: IncomingMessage) => req.socket.remoteAddress;
  if (trustedProxies.length === 0) return peer;
  const trusted = new AddressRangeMap(
    trustedProxies.flatMap((text) => {
      const parsed = parseRange(text);
      return parsed.ok ? [[parsed.range, true] as const] : [];
    }),
  );
  const isTrusted = (address: string): boolean => {
    const bytes = parseAddress(address);
    return bytes !== null && trusted.match(bytes) === true;
  };
  return (req) => {
    const address = peer(req);
    if (address === undefined || !isTrusted(address)) return address;
    const header = req.headers['x-forwarded-for'];
    if (header === undefined) return address;
    const hops = (Array.isArray(header) ? header.join(',') : header).split(',');
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = (hops[i] ?? '').trim();
      if (parseAddress(hop) === null) return address; // a malformed hop: trust nothing left of it
      if (!isTrusted(hop)) return hop;
    }
    return address;
  };
}

/** Whether a request's connection peer is one of `server.trustedProxies` (false for every peer without any). */
export function createTrustedPeer(trustedProxies: readonly string[]): (req: IncomingMessage) => boolean {
  if (trustedProxies.length === 0) return () => false;
  const trusted = new AddressRangeMap(
    trustedProxies.flatMap((text) => {
      const parsed = parseRange(text);
      return parsed.ok ? [[parsed.range, true] as const] : [];
    }),
  );
  return (req) => {
    const bytes = parseAddress(req.socket.remoteAddress ?? '');
    return bytes !== null && trusted.match(bytes) === true;
  };
}
