import { useEffect, useId, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { OidcSignInError, signInWithOidc, type OidcConfig } from '../api/oidc-sign-in';
import { useSessionState } from '../api/session';
import type { UiConfig } from '../api/types';

/** Whether the registry offers OpenID sign-in (`GET /v1/ui-config`, public); `null` while unknown or off. */
function useOidcConfig(): OidcConfig | null {
  const [config, setConfig] = useState<OidcConfig | null>(null);
  useEffect(() => {
    let current = true;
    fetch('/v1/ui-config', { credentials: 'omit', cache: 'no-store' })
      .then((response) => (response.ok ? (response.json() as Promise<UiConfig>) : { oidc: null }))
      .then(
        (answer) => current && setConfig(answer.oidc),
        () => current && setConfig(null),
      );
    return () => {
      current = false;
    };
  }, []);
  return config;
}

/**
 * Sign in with a registry token, or through the OpenID Provider the registry trusts (a popup, Authorization Code
 * with PKCE); either token is checked with `GET /v1/whoami` and kept in memory only.
 */
export function SignIn() {
  const { signIn } = useSessionState();
  const oidc = useOidcConfig();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    signIn(token.trim()).then(
      () => setToken(''),
      (failure: unknown) => {
        setBusy(false);
        setError(failure instanceof ApiError ? `${failure.code}: ${failure.message}` : String(failure));
      },
    );
  };
  const signInWithProvider = (config: OidcConfig) => {
    setBusy(true);
    setError(null);
    // Called in the click's own turn, so the browser lets the popup open.
    signInWithOidc(config)
      .then((accessToken) => signIn(accessToken))
      .catch((failure: unknown) => {
        setBusy(false);
        setError(
          failure instanceof ApiError || failure instanceof OidcSignInError
            ? `${failure.code}: ${failure.message}`
            : String(failure),
        );
      });
  };
  return (
    <main className="sign-in" id="main">
      <h1>Atrium registry</h1>
      {oidc && (
        <section className="sign-in-oidc" aria-label="Sign in with an OpenID Provider">
          <button type="button" disabled={busy} onClick={() => signInWithProvider(oidc)}>
            Sign in with {oidc.providerName}
          </button>
          <p className="muted">
            Opens a window of {oidc.providerName}; your role comes from your account there. The access token
            stays in this tab&apos;s memory.
          </p>
        </section>
      )}
      <form onSubmit={submit} aria-describedby={`${id}-help`}>
        <label htmlFor={id}>Registry token</label>
        <input
          id={id}
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(event) => setToken(event.target.value)}
          required
        />
        <p id={`${id}-help`} className="muted">
          An admin, publisher or reader token (<code>atrium token create</code>; <code>npm start</code> prints
          the demo&apos;s). It stays in this tab&apos;s memory: reloading the page signs you out.
        </p>
        <button type="submit" disabled={busy || token.trim() === ''}>
          Sign in
        </button>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
