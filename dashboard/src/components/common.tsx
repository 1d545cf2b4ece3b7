import type { ReactNode } from 'react';
import type { ApiError } from '../api/client';
import type { Loaded } from '../api/session';
import type { Severity } from '../api/types';

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 19)} UTC`;
}

export function ErrorNote({ error }: { error: ApiError }) {
  return (
    <p role="alert" className="error">
      <strong>{error.code}</strong> {error.message}
    </p>
  );
}

/** Renders a load's error, a loading line, or its data. */
export function Show<T>({ load, children }: { load: Loaded<T>; children: (data: T) => ReactNode }) {
  if (load.error) return <ErrorNote error={load.error} />;
  if (load.data === null)
    return (
      <p className="muted" aria-busy="true">
        Loading…
      </p>
    );
  return <>{children(load.data)}</>;
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`badge sev-${severity}`}>{severity}</span>;
}

export function Counts({ counts }: { counts: Record<Severity, number> }) {
  return (
    <span className="counts">
      <span className="badge sev-breaking">{counts.breaking} breaking</span>{' '}
      <span className="badge sev-dangerous">{counts.dangerous} dangerous</span>{' '}
      <span className="badge sev-safe">{counts.safe} safe</span>
    </span>
  );
}

export function PageTitle({ children }: { children: ReactNode }) {
  return <h2 tabIndex={-1}>{children}</h2>;
}
