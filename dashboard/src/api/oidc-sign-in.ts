/**
 * Sign-in through the OpenID Provider the registry trusts: Authorization Code with PKCE (S256) as a public
 * client, in a popup. The popup's redirect URI is the registry's `/ui/oidc-callback.html`, which posts the code
 * and `state` back to this window (same origin only) and closes. `state` and the code verifier live in this
 * function's memory only; the access token it returns is never written to storage, a cookie or this page's URL.
 */
import type { UiConfig } from './types';

export type OidcConfig = NonNullable<UiConfig['oidc']>;

/** The message the callback page posts to its opener (oidc-callback.ts). */
export interface OidcCallbackMessage {
  type: 'atrium-oidc-callback';
  code: string | null;
  state: string | null;
  iss: string | null;
  error: string | null;
  errorDescription: string | null;
}

export class OidcSignInError extends Error {
  constructor(
    readonly code:
      | 'POPUP_BLOCKED'
      | 'POPUP_CLOSED'
      | 'DISCOVERY_FAILED'
      | 'STATE_MISMATCH'
      | 'ISSUER_MISMATCH'
      | 'AUTHORIZATION_DENIED'
      | 'TOKEN_EXCHANGE_FAILED',
    message: string,
  ) {
    super(message);
  }
}

interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
}

export const CALLBACK_PATH = '/ui/oidc-callback.html';

function base64url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomValue(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

async function discover(issuer: string): Promise<ProviderMetadata> {
  let metadata: Partial<ProviderMetadata>;
  try {
    const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, {
      credentials: 'omit',
      cache: 'no-store',
    });
    if (!response.ok) throw new Error(`status ${response.status}`);
    metadata = (await response.json()) as Partial<ProviderMetadata>;
  } catch (error) {
    throw new OidcSignInError(
      'DISCOVERY_FAILED',
      `The sign-in provider cannot be reached (${String(error)})`,
    );
  }
  if (metadata.issuer !== issuer || !metadata.authorization_endpoint || !metadata.token_endpoint)
    throw new OidcSignInError('DISCOVERY_FAILED', "The sign-in provider's discovery document is not usable");
  return metadata as ProviderMetadata;
}

/**
 * Opens the popup at once (browsers allow popups only in the click's own turn), then sends it to the provider,
 * waits for the callback page's message and redeems the code. Resolves with the access token.
 */
export function signInWithOidc(config: OidcConfig): Promise<string> {
  const popup = window.open('about:blank', 'atrium-oidc-sign-in', 'popup,width=520,height=680');
  if (!popup)
    return Promise.reject(
      new OidcSignInError(
        'POPUP_BLOCKED',
        'The sign-in window was blocked: allow pop-ups for this page and try again, or sign in with a registry token',
      ),
    );
  return runFlow(config, popup).finally(() => {
    if (!popup.closed) popup.close();
  });
}

async function runFlow(config: OidcConfig, popup: Window): Promise<string> {
  const metadata = await discover(config.issuer);
  const state = randomValue();
  const verifier = randomValue();
  const redirectUri = `${window.location.origin}${CALLBACK_PATH}`;
  const authorize = new URL(metadata.authorization_endpoint);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri,
    scope: config.scope,
    state,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
  }).toString();
  if (popup.closed) throw new OidcSignInError('POPUP_CLOSED', 'The sign-in window was closed');
  popup.location.href = authorize.toString();

  const message = await waitForCallback(popup);
  if (message.state !== state)
    throw new OidcSignInError(
      'STATE_MISMATCH',
      'The sign-in answer does not belong to this sign-in (state); try again',
    );
  // RFC 9207: when the provider names itself in the answer, it must be the issuer we asked.
  if (message.iss !== null && message.iss !== metadata.issuer)
    throw new OidcSignInError('ISSUER_MISMATCH', 'The sign-in answer comes from another issuer');
  if (message.error !== null || message.code === null)
    throw new OidcSignInError(
      'AUTHORIZATION_DENIED',
      `The provider refused the sign-in: ${message.errorDescription ?? message.error ?? 'no code'}`,
    );
  return redeem(metadata, config, message.code, verifier, redirectUri);
}

function waitForCallback(popup: Window): Promise<OidcCallbackMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (event: MessageEvent<unknown>) => {
      // Only the callback page of this very origin, in the popup we opened, may answer.
      if (event.origin !== window.location.origin || event.source !== popup) return;
      const data = event.data as Partial<OidcCallbackMessage> | null;
      if (data?.type !== 'atrium-oidc-callback') return;
      cleanUp();
      resolve(data as OidcCallbackMessage);
    };
    const watch = window.setInterval(() => {
      if (!popup.closed) return;
      cleanUp();
      reject(
        new OidcSignInError('POPUP_CLOSED', 'The sign-in window was closed before the sign-in finished'),
      );
    }, 300);
    const cleanUp = () => {
      window.removeEventListener('message', onMessage);
      window.clearInterval(watch);
    };
    window.addEventListener('message', onMessage);
  });
}

async function redeem(
  metadata: ProviderMetadata,
  config: OidcConfig,
  code: string,
  verifier: string,
  redirectUri: string,
): Promise<string> {
  let body: { access_token?: unknown; error?: unknown; error_description?: unknown };
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  try {
    const response = await fetch(metadata.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_id: config.clientId,
        code_verifier: verifier,
      }),
      credentials: 'omit',
      cache: 'no-store',
    });
    body = (await response.json()) as typeof body;
  } catch (error) {
    throw new OidcSignInError(
      'TOKEN_EXCHANGE_FAILED',
      `The sign-in could not be completed (${String(error)})`,
    );
  }
  if (typeof body.access_token !== 'string')
    throw new OidcSignInError(
      'TOKEN_EXCHANGE_FAILED',
      `The provider did not issue an access token: ${text(body.error_description) ?? text(body.error) ?? 'no token'}`,
    );
  return body.access_token;
}
