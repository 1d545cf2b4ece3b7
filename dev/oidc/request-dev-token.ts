/**
 * Gets an access token from a development provider's token endpoint with the client_credentials grant,
 * authenticating as one of the known development clients (their secrets are public, see `DEV_CLIENTS`).
 * Used by `atrium dev token` and by the provider's own `issueToken`.
 */
import {
  DEV_AUDIENCE,
  DEV_CLIENTS,
  DEV_OPAQUE_RESOURCE,
  DEV_TOKEN_PATH,
  type DevOidcClient,
} from './dev-clients.js';

export interface DevTokenRequest {
  /** Issuer URL, e.g. `http://127.0.0.1:4200`. */
  readonly issuer: string;
  readonly clientId: string;
  /** Space-separated scopes; the client's allowed scopes are granted when omitted. */
  readonly scope?: string | undefined;
  /** An opaque token (verified by introspection) instead of a JWT. */
  readonly opaque?: boolean | undefined;
  readonly audience?: string;
  readonly clients?: readonly DevOidcClient[];
}

export interface DevToken {
  readonly accessToken: string;
  readonly tokenType: string;
  readonly expiresIn: number | undefined;
  readonly scope: string | undefined;
}

export class DevTokenError extends Error {
  override readonly name = 'DevTokenError';
  constructor(
    message: string,
    /** `unknown-client`, `unreachable` or `refused`. */
    readonly kind: 'unknown-client' | 'unreachable' | 'refused',
  ) {
    super(message);
  }
}

export async function requestDevToken(request: DevTokenRequest): Promise<DevToken> {
  const clients = request.clients ?? DEV_CLIENTS;
  const client = clients.find((candidate) => candidate.clientId === request.clientId);
  if (client === undefined) {
    const known = clients.filter((c) => c.scope !== undefined).map((c) => c.clientId);
    throw new DevTokenError(
      `Unknown dev client "${request.clientId}" (known: ${known.join(', ')})`,
      'unknown-client',
    );
  }
  const credentials = `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`;
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    resource: request.opaque === true ? DEV_OPAQUE_RESOURCE : (request.audience ?? DEV_AUDIENCE),
  });
  // The provider grants only the scopes asked for: without --scope, ask for every scope the client may have.
  const scope = request.scope ?? client.scope;
  if (scope !== undefined && scope !== '') body.set('scope', scope);
  let response: Response;
  try {
    response = await fetch(new URL(DEV_TOKEN_PATH, request.issuer), {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` },
      body,
    });
  } catch (error) {
    throw new DevTokenError(`Cannot reach ${request.issuer}: ${(error as Error).message}`, 'unreachable');
  }
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof json['access_token'] !== 'string') {
    const reason = [json['error'], json['error_description']].filter((part) => typeof part === 'string');
    throw new DevTokenError(
      `Token request failed with ${response.status}${reason.length > 0 ? `: ${reason.join(': ')}` : ''}`,
      'refused',
    );
  }
  return {
    accessToken: json['access_token'],
    tokenType: typeof json['token_type'] === 'string' ? json['token_type'] : 'Bearer',
    expiresIn: typeof json['expires_in'] === 'number' ? json['expires_in'] : undefined,
    scope: typeof json['scope'] === 'string' ? json['scope'] : undefined,
  };
}
