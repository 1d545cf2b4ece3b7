/**
 * Options of `identity-forwarding` (top-level key `identityForwarding`): the signed identity headers the hub
 * adds to every subgraph request (see identity-headers.ts and docs/configuration.md for the signature scheme).
 */
import { z } from 'zod';

const HEADER_NAME = /^[a-z0-9][a-z0-9-]*$/;
const RESERVED = new Set(['authorization', 'content-type', 'content-length', 'host', 'cookie', 'accept']);

const headerName = (fallback: string) =>
  z
    .string()
    .regex(HEADER_NAME, 'must be a lower-case header name (letters, digits, "-")')
    .refine((name) => !RESERVED.has(name), 'must not be a standard HTTP header')
    .default(fallback);

export const DEFAULT_IDENTITY_HEADERS = Object.freeze({
  subject: 'x-atrium-subject',
  clientId: 'x-atrium-client-id',
  scopes: 'x-atrium-scopes',
  issuer: 'x-atrium-issuer',
  timestamp: 'x-atrium-timestamp',
  signature: 'x-atrium-signature',
});

export const identityForwardingOptions = z.strictObject({
  /**
   * HMAC-SHA256 key shared with the subgraphs, at least 32 characters. Setting it (or `ATRIUM_IDENTITY_SECRET`)
   * turns forwarding on. Never logged.
   */
  secret: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  headers: z
    .strictObject({
      subject: headerName(DEFAULT_IDENTITY_HEADERS.subject),
      clientId: headerName(DEFAULT_IDENTITY_HEADERS.clientId),
      scopes: headerName(DEFAULT_IDENTITY_HEADERS.scopes),
      issuer: headerName(DEFAULT_IDENTITY_HEADERS.issuer),
      timestamp: headerName(DEFAULT_IDENTITY_HEADERS.timestamp),
      signature: headerName(DEFAULT_IDENTITY_HEADERS.signature),
    })
    .prefault({})
    .refine((headers) => new Set(Object.values(headers)).size === Object.values(headers).length, {
      error: 'header names must be distinct',
    }),
  /** Pass the client's `Authorization` header on to subgraphs. Off: the token is meant for the hub. */
  dangerouslyForwardAuthorizationHeader: z.boolean().default(false),
});

export type IdentityForwardingOptions = z.output<typeof identityForwardingOptions>;
export type IdentityForwardingOptionsInput = z.input<typeof identityForwardingOptions>;
export type IdentityHeaderNames = IdentityForwardingOptions['headers'];
