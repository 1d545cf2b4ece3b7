import { useId, useState, type FormEvent } from 'react';
import { ApiError, callRegistry, variantPath } from '../api/client';
import { canApprove, useApi, useSession } from '../api/session';
import type { Check, CheckSummary, FieldUsage, Subgraph } from '../api/types';
import { ChangeList } from '../components/change-list';
import { Counts, ErrorNote, formatTime, PageTitle, Show } from '../components/common';
import { Link, segment } from '../router';
import type { VariantRef } from './variant-ref';

function status(check: Pick<CheckSummary, 'passed' | 'approval'>): { text: string; className: string } {
  if (check.passed) return { text: 'passed', className: 'sev-safe' };
  if (check.approval && !check.approval.expired) return { text: 'approved', className: 'sev-dangerous' };
  return { text: 'failed', className: 'sev-breaking' };
}

export function ChecksPage({ at }: { at: VariantRef }) {
  const load = useApi<{ checks: CheckSummary[] }>(`${variantPath(at.graph, at.variant)}/checks?limit=200`);
  return (
    <section>
      <PageTitle>Checks</PageTitle>
      <Show load={load}>
        {({ checks }) =>
          checks.length === 0 ? (
            <p className="muted">No checks yet.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Status</th>
                  <th scope="col">Subgraph</th>
                  <th scope="col">Origin</th>
                  <th scope="col">Changes</th>
                  <th scope="col">By</th>
                  <th scope="col">When</th>
                </tr>
              </thead>
              <tbody>
                {checks.map((check) => {
                  const { text, className } = status(check);
                  return (
                    <tr key={check.id}>
                      <td>
                        <Link
                          to={`${at.base}/checks/${segment(check.id)}`}
                          aria-label={`Check ${check.id}: ${text}`}
                        >
                          <span className={`badge ${className}`}>{text}</span>
                        </Link>
                      </td>
                      <td>
                        {check.subgraph}
                        {check.action === 'delete' && ' (delete)'}
                      </td>
                      <td>{check.origin}</td>
                      <td>
                        <Counts counts={check.counts} />
                      </td>
                      <td>{check.createdBy}</td>
                      <td>{formatTime(check.createdAt)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )
        }
      </Show>
    </section>
  );
}

function ApproveForm({ check, onApproved }: { check: Check; onApproved: () => void }) {
  const { token } = useSession();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    callRegistry(token, `/v1/checks/${encodeURIComponent(check.id)}/approve`, {
      method: 'POST',
      body: { reason },
    }).then(
      () => {
        setBusy(false);
        onApproved();
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure instanceof ApiError ? failure : new ApiError(0, 'NETWORK', String(failure)));
      },
    );
  };
  return (
    <form className="approve" onSubmit={submit}>
      <label htmlFor={id}>Reason for approving</label>
      <input id={id} value={reason} onChange={(event) => setReason(event.target.value)} required />
      <button type="submit" disabled={busy || reason.trim() === ''}>
        Approve
      </button>
      {error && <ErrorNote error={error} />}
    </form>
  );
}

/** The clients and versions that used one coordinate in the last 30 days (the usage API). */
function CoordinateClients({ at, coordinate }: { at: VariantRef; coordinate: string }) {
  const usage = useApi<FieldUsage>(
    `${variantPath(at.graph, at.variant)}/usage/fields/${encodeURIComponent(coordinate)}?period=30d`,
  );
  const clients = usage.data?.clients ?? [];
  return (
    <tbody>
      {usage.error && (
        <tr>
          <td>
            <code>{coordinate}</code>
          </td>
          <td colSpan={4}>
            <ErrorNote error={usage.error} />
          </td>
        </tr>
      )}
      {usage.data && clients.length === 0 && (
        <tr>
          <td>
            <code>{coordinate}</code>
          </td>
          <td colSpan={4} className="muted">
            no requests
          </td>
        </tr>
      )}
      {clients.map((client) => (
        <tr key={`${client.client}|${client.version}`}>
          <td>
            <code>{coordinate}</code>
          </td>
          <td>{client.client || '(unknown client)'}</td>
          <td>{client.version || '—'}</td>
          <td>{client.count}</td>
          <td>{formatTime(client.lastSeen)}</td>
        </tr>
      ))}
    </tbody>
  );
}

export function CheckPage({ at, id }: { at: VariantRef; id: string }) {
  const { whoami } = useSession();
  const load = useApi<{ check: Check }>(`/v1/checks/${encodeURIComponent(id)}`);
  const subgraphs = useApi<{ subgraphs: Subgraph[] }>(`${variantPath(at.graph, at.variant)}/subgraphs`);
  return (
    <section>
      <PageTitle>Check {id.slice(0, 8)}</PageTitle>
      <Show load={load}>
        {({ check }) => {
          const { text, className } = status(check);
          const owner = subgraphs.data?.subgraphs.find((s) => s.name === check.subgraph)?.ownerTeam ?? null;
          const report = check.report;
          // Field coordinates of breaking and dangerous changes (`Type.field`, `Type.field(arg:)`, `Enum.VALUE`).
          const blocking = [
            ...new Set(
              report.changes
                .filter(
                  (change) =>
                    change.severity !== 'safe' &&
                    /^[_A-Za-z]\w*\.[_A-Za-z]\w*(\(\w+:\))?$/.test(change.coordinate),
                )
                .map((change) => change.coordinate),
            ),
          ];
          // Who used what each change touches, as the check measured it (usage-aware checks).
          const measured = report.changes.flatMap((change) =>
            (change.usage?.clients ?? []).map((client) => ({ coordinate: change.coordinate, ...client })),
          );
          const measuredAny = report.changes.some((change) => change.usage !== undefined);
          return (
            <>
              <p>
                <span className={`badge ${className}`} data-testid="check-status">
                  {text}
                </span>{' '}
                {check.action} of <strong>{check.subgraph}</strong> against version {check.baseVersion ?? '—'}{' '}
                · {check.origin} by {check.createdBy} · {formatTime(check.createdAt)}
              </p>
              <p>
                <Counts counts={report.counts} /> <span className="muted">fails on {report.failOn}</span>
              </p>
              {check.approval && (
                <p className="note" data-testid="approval">
                  Approved by {check.approval.approvedBy}: “{check.approval.reason ?? ''}” ·{' '}
                  {check.approval.expired ? 'expired' : `until ${formatTime(check.approval.expiresAt)}`}
                </p>
              )}
              {!check.passed && !check.approval && (report.compositionErrors?.length ?? 0) === 0 && (
                <>
                  {canApprove(whoami, owner) ? (
                    <ApproveForm check={check} onApproved={load.reload} />
                  ) : (
                    <p className="muted" data-testid="approve-not-allowed">
                      Only an admin{owner ? ` or team ${owner}` : ''} can approve this check; you are signed
                      in as {whoami.role}.
                    </p>
                  )}
                </>
              )}
              {(report.compositionErrors?.length ?? 0) > 0 && (
                <>
                  <h3>Composition errors</h3>
                  <ul>
                    {report.compositionErrors?.map((error, index) => (
                      <li key={index}>
                        <code>{error.code}</code> {error.message}
                      </li>
                    ))}
                  </ul>
                </>
              )}
              <h3>Changes</h3>
              <ChangeList changes={report.changes} caption="Changes to the API schema" />
              {measuredAny && (
                <>
                  <h3>Who uses what it changes (as the check measured it)</h3>
                  {measured.length === 0 ? (
                    <p className="muted">No requests used what it changes.</p>
                  ) : (
                    <table data-testid="affected-clients">
                      <thead>
                        <tr>
                          <th scope="col">Coordinate</th>
                          <th scope="col">Client</th>
                          <th scope="col">Version</th>
                          <th scope="col">Requests</th>
                          <th scope="col">Last seen</th>
                        </tr>
                      </thead>
                      <tbody>
                        {measured.map((row) => (
                          <tr key={`${row.coordinate}|${row.clientName ?? ''}|${row.clientVersion ?? ''}`}>
                            <td>
                              <code>{row.coordinate}</code>
                            </td>
                            <td>{row.clientName ?? '(unknown client)'}</td>
                            <td>{row.clientVersion ?? '—'}</td>
                            <td>{row.requests}</td>
                            <td>{formatTime(row.lastSeen)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                </>
              )}
              {!measuredAny && blocking.length > 0 && (
                <>
                  <h3>Who uses what it changes (last 30 days)</h3>
                  <table data-testid="affected-clients">
                    <thead>
                      <tr>
                        <th scope="col">Coordinate</th>
                        <th scope="col">Client</th>
                        <th scope="col">Version</th>
                        <th scope="col">Requests</th>
                        <th scope="col">Last seen</th>
                      </tr>
                    </thead>
                    {blocking.map((coordinate) => (
                      <CoordinateClients key={coordinate} at={at} coordinate={coordinate} />
                    ))}
                  </table>
                </>
              )}
              {(report.brokenOperations?.length ?? 0) > 0 && (
                <>
                  <h3>Registered operations it breaks</h3>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Client</th>
                        <th scope="col">Version</th>
                        <th scope="col">Operation</th>
                        <th scope="col">Why</th>
                      </tr>
                    </thead>
                    <tbody>
                      {report.brokenOperations?.map((operation) => (
                        <tr key={`${operation.client}|${operation.clientVersion}|${operation.operationId}`}>
                          <td>{operation.client}</td>
                          <td>{operation.clientVersion}</td>
                          <td>
                            {operation.operationName ?? '(anonymous)'}{' '}
                            <code>{operation.operationId.slice(0, 12)}</code>
                          </td>
                          <td>{operation.errors.map((error) => error.message).join('; ')}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </>
              )}
              {(report.lintFindings?.length ?? 0) > 0 && (
                <>
                  <h3>Lint findings</h3>
                  <ul>
                    {report.lintFindings?.map((finding, index) => (
                      <li key={index}>
                        <span
                          className={`badge ${finding.severity === 'error' ? 'sev-breaking' : 'sev-dangerous'}`}
                        >
                          {finding.severity}
                        </span>{' '}
                        <code>{finding.rule}</code> {finding.coordinate && <code>{finding.coordinate}</code>}{' '}
                        {finding.message}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </>
          );
        }}
      </Show>
    </section>
  );
}
