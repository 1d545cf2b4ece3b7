import { variantPath } from '../api/client';
import { useApi, useSession } from '../api/session';
import type { AuditEntry } from '../api/types';
import { formatTime, PageTitle, Show } from '../components/common';
import type { VariantRef } from './variant-ref';

interface RegistryAuditEntry {
  id: number;
  action: string;
  graph: string | null;
  variant: string | null;
  actor: string;
  reason: string | null;
  createdAt: string;
}

function subjectOf(entry: AuditEntry): string {
  if (entry.subgraph) return entry.subgraph;
  const client = entry.details.client;
  return typeof client === 'string' ? client : '—';
}

/** The variant's audit log; for admins also the registry-wide one (deletions, token revocations). */
export function AuditPage({ at }: { at: VariantRef }) {
  const { whoami } = useSession();
  const load = useApi<{ entries: AuditEntry[] }>(`${variantPath(at.graph, at.variant)}/audit?limit=200`);
  const registryWide = useApi<{ entries: RegistryAuditEntry[] }>(
    whoami.role === 'admin' ? `/v1/audit?graph=${encodeURIComponent(at.graph)}&limit=100` : null,
  );
  return (
    <section>
      <PageTitle>Audit log</PageTitle>
      <Show load={load}>
        {({ entries }) =>
          entries.length === 0 ? (
            <p className="muted">Nothing audited yet.</p>
          ) : (
            <table data-testid="audit">
              <caption>
                {at.graph}@{at.variant}
              </caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Action</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Subject</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr key={entry.id}>
                    <td>{formatTime(entry.createdAt)}</td>
                    <td>
                      <code>{entry.action}</code>
                    </td>
                    <td>{entry.actor}</td>
                    <td>{subjectOf(entry)}</td>
                    <td>{entry.reason ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Show>
      {whoami.role === 'admin' && (
        <Show load={registryWide}>
          {({ entries }) => (
            <table data-testid="registry-audit">
              <caption>Registry-wide: deletions and token revocations of {at.graph}</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Action</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Graph</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {entries.length === 0 && (
                  <tr>
                    <td colSpan={5} className="muted">
                      none
                    </td>
                  </tr>
                )}
                {entries.map((entry) => (
                  <tr key={entry.id}>
                    <td>{formatTime(entry.createdAt)}</td>
                    <td>
                      <code>{entry.action}</code>
                    </td>
                    <td>{entry.actor}</td>
                    <td>
                      {entry.graph ?? '—'}
                      {entry.variant && `@${entry.variant}`}
                    </td>
                    <td>{entry.reason ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Show>
      )}
    </section>
  );
}
