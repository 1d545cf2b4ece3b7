import { variantPath } from '../api/client';
import { useApi } from '../api/session';
import type { AuditEntry } from '../api/types';
import { formatTime, PageTitle, Show } from '../components/common';
import type { VariantRef } from './variant-ref';

export function AuditPage({ at }: { at: VariantRef }) {
  const load = useApi<{ entries: AuditEntry[] }>(`${variantPath(at.graph, at.variant)}/audit?limit=200`);
  return (
    <section>
      <PageTitle>Audit log</PageTitle>
      <Show load={load}>
        {({ entries }) =>
          entries.length === 0 ? (
            <p className="muted">Nothing audited yet.</p>
          ) : (
            <table data-testid="audit">
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
                    <td>
                      {entry.subgraph ??
                        (typeof entry.details.client === 'string' ? entry.details.client : '—')}
                    </td>
                    <td>{entry.reason ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Show>
    </section>
  );
}
