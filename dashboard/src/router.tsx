import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/** The dashboard's own paths live under /ui; the rest of the URL is the registry API's. */
export const BASE = '/ui';

function currentLocation(): { path: string; search: URLSearchParams } {
  const path = window.location.pathname.startsWith(BASE)
    ? window.location.pathname.slice(BASE.length) || '/'
    : '/';
  return { path, search: new URLSearchParams(window.location.search) };
}

const listeners = new Set<() => void>();

export function navigate(to: string): void {
  window.history.pushState(null, '', `${BASE}${to}`);
  for (const listener of listeners) listener();
}

/** The path below /ui and its query, updated on navigation and on the browser's back and forward. */
export function useLocation(): { path: string; search: URLSearchParams } {
  const [location, setLocation] = useState(currentLocation);
  useEffect(() => {
    const update = () => setLocation(currentLocation());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return location;
}

/** A real link (focusable, opens in a new tab with the middle button) that navigates in place. */
export function Link({ to, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={`${BASE}${to}`} onClick={onClick} {...rest} />;
}

/** Matches `/graphs/:graph/:variant/checks/:id` against a path; `null` when it does not match. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.replace(/\/$/, '').split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i += 1) {
    const part = want[i] ?? '';
    const value = got[i] ?? '';
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(value);
    else if (part !== value) return null;
  }
  return params;
}

export function segment(value: string): string {
  return encodeURIComponent(value);
}
