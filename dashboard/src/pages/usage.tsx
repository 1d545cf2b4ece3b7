import { useId, useState, type FormEvent } from 'react';
import { variantPath } from '../api/client';
import { useApi } from '../api/session';
import type { DenialsReport, DeprecatedReport, FieldUsage, FieldUsageTimeline } from '../api/types';
import { formatTime, PageTitle, Show } from '../components/common';
import { UsageChart } from '../components/usage-chart';
import { Link, navigate } from '../router';
import type { VariantRef } from './variant-ref';

const PERIODS = ['24h', '7d', '30d', '90d'];

function PeriodSelect({ value, onChange }: { value: string; onChange: (period: string) => void }) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>Period</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {PERIODS.map((period) => (
          <option key={period}>{period}</option>
        ))}
      </select>
    </>
  );
}

/** One coordinate: the chart by client version, the clients with first/last seen, the top operations. */
export function UsagePage({ at, coordinate }: { at: VariantRef; coordinate: string | null }) {
  const [input, setInput] = useState(coordinate ?? '');
  const [period, setPeriod] = useState('30d');
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(`${at.base}/usage?coordinate=${encodeURIComponent(input.trim())}`);
  };
  const base = coordinate
    ? `${variantPath(at.graph, at.variant)}/usage/fields/${encodeURIComponent(coordinate)}`
    : null;
  const usage = useApi<FieldUsage>(base && `${base}?period=${period}`);
  const timeline = useApi<FieldUsageTimeline>(base && `${base}/timeline?period=${period}`);
  return (
    <section>
      <PageTitle>Usage{coordinate ? ` of ${coordinate}` : ''}</PageTitle>
      <form className="toolbar" onSubmit={submit}>
        <label htmlFor={id}>Coordinate</label>
        <input
          id={id}
          value={input}
          placeholder="Product.legacyCode"
          onChange={(e) => setInput(e.target.value)}
        />
        <button type="submit">Show</button>
        <PeriodSelect value={period} onChange={setPeriod} />
      </form>
      {coordinate && (
        <>
          <Show load={timeline}>{(data) => <UsageChart timeline={data} />}</Show>
          <Show load={usage}>
            {(report) => (
              <>
                <p data-testid="usage-total">
                  {report.total} requests from {formatTime(report.from)} to {formatTime(report.to)}
                </p>
                <table data-testid="usage-clients">
                  <caption>By client and version</caption>
                  <thead>
                    <tr>
                      <th scope="col">Client</th>
                      <th scope="col">Version</th>
                      <th scope="col">Requests</th>
                      <th scope="col">First seen</th>
                      <th scope="col">Last seen</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.clients.map((client) => (
                      <tr key={`${client.client}|${client.version}`}>
                        <td>{client.client || '(unknown client)'}</td>
                        <td>{client.version || '—'}</td>
                        <td>{client.count}</td>
                        <td>{formatTime(client.firstSeen)}</td>
                        <td>{formatTime(client.lastSeen)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <table>
                  <caption>Top operations</caption>
                  <thead>
                    <tr>
                      <th scope="col">Operation</th>
                      <th scope="col">Type</th>
                      <th scope="col">Requests</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.topOperations.map((operation) => (
                      <tr key={operation.hash}>
                        <td>
                          {operation.name ?? '(anonymous)'} <code>{operation.hash.slice(0, 12)}</code>
                        </td>
                        <td>{operation.type}</td>
                        <td>{operation.count}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
          </Show>
        </>
      )}
    </section>
  );
}

/** The `@deprecated` elements with who still uses them, and the "safe to remove" filter. */
export function DeprecationsPage({ at }: { at: VariantRef }) {
  const [period, setPeriod] = useState('30d');
  const [safeOnly, setSafeOnly] = useState(false);
  const load = useApi<DeprecatedReport>(
    `${variantPath(at.graph, at.variant)}/usage/deprecated?period=${period}`,
  );
  return (
    <section>
      <PageTitle>Deprecations</PageTitle>
      <div className="toolbar">
        <PeriodSelect value={period} onChange={setPeriod} />
        <label>
          <input type="checkbox" checked={safeOnly} onChange={(event) => setSafeOnly(event.target.checked)} />{' '}
          safe to remove only
        </label>
      </div>
      <Show load={load}>
        {(report) => {
          const elements = report.elements.filter((element) => !safeOnly || element.verdict.safeToRemove);
          return elements.length === 0 ? (
            <p className="muted">No deprecated elements{safeOnly ? ' that are safe to remove' : ''}.</p>
          ) : (
            <table data-testid="deprecations">
              <thead>
                <tr>
                  <th scope="col">Coordinate</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Since</th>
                  <th scope="col">Requests</th>
                  <th scope="col">Clients</th>
                  <th scope="col">Verdict</th>
                </tr>
              </thead>
              <tbody>
                {elements.map((element) => (
                  <tr key={element.coordinate}>
                    <td>
                      <Link to={`${at.base}/usage?coordinate=${encodeURIComponent(element.coordinate)}`}>
                        <code>{element.coordinate}</code>
                      </Link>
                    </td>
                    <td>{element.reason ?? '—'}</td>
                    <td>{element.sinceVersion ?? '—'}</td>
                    <td>{element.total}</td>
                    <td>
                      {element.clients
                        .map((c) => `${c.client || '(unknown)'} ${c.version}`.trim())
                        .join(', ') || '—'}
                    </td>
                    <td>
                      <span className={`badge ${element.verdict.safeToRemove ? 'sev-safe' : 'sev-breaking'}`}>
                        {element.verdict.safeToRemove ? 'safe to remove' : 'in use'}
                      </span>{' '}
                      {element.verdict.text}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </Show>
    </section>
  );
}

export function DenialsPage({ at }: { at: VariantRef }) {
  const [period, setPeriod] = useState('30d');
  const load = useApi<DenialsReport>(`${variantPath(at.graph, at.variant)}/usage/denials?period=${period}`);
  return (
    <section>
      <PageTitle>Authorization denials</PageTitle>
      <div className="toolbar">
        <PeriodSelect value={period} onChange={setPeriod} />
      </div>
      <Show load={load}>
        {(report) =>
          report.denials.length === 0 ? (
            <p className="muted">No field was denied in {report.period}.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Coordinate</th>
                  <th scope="col">Client</th>
                  <th scope="col">Version</th>
                  <th scope="col">Denied</th>
                  <th scope="col">Last denied</th>
                </tr>
              </thead>
              <tbody>
                {report.denials.map((denial) => (
                  <tr key={`${denial.coordinate}|${denial.client}|${denial.version}`}>
                    <td>
                      <code>{denial.coordinate}</code>
                    </td>
                    <td>{denial.client || '(unknown client)'}</td>
                    <td>{denial.version || '—'}</td>
                    <td>{denial.count}</td>
                    <td>{formatTime(denial.lastDenied)}</td>
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
