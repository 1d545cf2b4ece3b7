import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, callRegistry } from './client';
import type { WhoAmI } from './types';

export interface Session {
  readonly token: string;
  readonly whoami: WhoAmI;
}

interface SessionState {
  session: Session | null;
  signIn: (token: string) => Promise<void>;
  signOut: () => void;
}

const SessionContext = createContext<SessionState | null>(null);

/**
 * The signed-in token lives in this component's state only: a reload or a closed tab signs out. It is never
 * written to localStorage, sessionStorage, a cookie or the URL (test/dashboard checks all four).
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const signIn = useCallback(async (token: string) => {
    const { whoami } = await callRegistry<{ whoami: WhoAmI }>(token, '/v1/whoami');
    setSession({ token, whoami });
  }, []);
  const signOut = useCallback(() => setSession(null), []);
  return <SessionContext.Provider value={{ session, signIn, signOut }}>{children}</SessionContext.Provider>;
}

export function useSessionState(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSessionState outside SessionProvider');
  return state;
}

export function useSession(): Session {
  const { session } = useSessionState();
  if (!session) throw new Error('useSession before sign-in');
  return session;
}

/** Publishers and admins act; readers only see. The registry decides in the end (403 FORBIDDEN). */
export function canApprove(whoami: WhoAmI, ownerTeam: string | null): boolean {
  if (whoami.role === 'admin') return true;
  return whoami.role === 'publisher' && ownerTeam !== null && whoami.team === ownerTeam;
}

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** GETs `path` (null: nothing yet) with the session's token; loads again when the path changes or on `reload`. */
export function useApi<T>(path: string | null): Loaded<T> {
  const { token } = useSession();
  const [generation, setGeneration] = useState(0);
  const key = path === null ? null : `${generation} ${path}`;
  const [state, setState] = useState<{ key: string | null; data: T | null; error: ApiError | null }>({
    key: null,
    data: null,
    error: null,
  });
  useEffect(() => {
    if (path === null || key === null) return;
    let current = true;
    callRegistry<T>(token, path).then(
      (data) => current && setState({ key, data, error: null }),
      (error: unknown) =>
        current &&
        setState({
          key,
          data: null,
          error: error instanceof ApiError ? error : new ApiError(0, 'NETWORK', String(error)),
        }),
    );
    return () => {
      current = false;
    };
  }, [path, key, token]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const fresh = state.key === key;
  return {
    // While a reload runs, the previous answer stays on screen.
    data: fresh || state.key?.endsWith(` ${path}`) ? state.data : null,
    error: fresh ? state.error : null,
    loading: key !== null && !fresh,
    reload,
  };
}
