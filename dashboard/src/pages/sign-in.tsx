import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { useSessionState } from '../api/session';

/** Sign in with a registry token; it is checked with `GET /v1/whoami` and kept in memory only. */
export function SignIn() {
  const { signIn } = useSessionState();
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
  return (
    <main className="sign-in" id="main">
      <h1>Atrium registry</h1>
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
