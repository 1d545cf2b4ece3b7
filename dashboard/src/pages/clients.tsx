import { variantPath } from '../api/client';
import { useApi } from '../api/session';
import type {
  ClientRecord,
  ClientRecordWithConsumption,
  ClientVersion,
  ClientVersionDetail,
  QuotaObservation,
} from '../api/types';
import { formatTime, PageTitle, Show } from '../components/common';
import { Link, segment } from '../router';
import type { VariantRef } from './variant-ref';

function per(windowSeconds: number): string {
  if (windowSeconds % 3600 === 0) return `${windowSeconds / 3600} h`;
  if (windowSeconds % 60 === 0) return `${windowSeconds / 60} min`;
  return `${windowSeconds} s`;
}

const count = (n: number) => n.toLocaleString('en-US');

function recognition(record: ClientRecord): string {
  const { kind, clientIds, addresses } = record.recognition;
  if (kind === 'client-id') return `client id ${clientIds?.join(', ') ?? ''}`;
  if (kind === 'remote-address') return `address ${addresses?.join(', ') ?? ''}`;
  return kind;
}

function ago(seconds: number): string {
  if (seconds < 120) return `${seconds} s ago`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)} min ago`;
  return `${Math.floor(seconds / 3600)} h ago`;
}

/**
 * One quota's newest observation, as text (a meter beside it for the eye): used of what may be spent at once,
 * what remains, when it is whole again, how old the observation is.
 */
function QuotaUse({
  name,
  unit,
  observation,
}: {
  name: string;
  unit: string;
  observation: QuotaObservation;
}) {
  const { used, capacity, remaining, limit, windowSeconds } = observation;
  // The registry's "now" (when the page loaded), so the browser's clock does not matter.
  const now = Date.parse(observation.observedAt) + observation.ageSeconds * 1000;
  const whole = Date.parse(observation.resetAt) <= now;
  const burst = capacity !== limit ? ` (at once; ${count(limit)} / ${per(windowSeconds)})` : '';
  return (
    <div className="quota-use">
      {name}:{' '}
      <span>
        {count(used)} / {count(capacity)} {unit} used{burst}, {count(remaining)} remaining
        {whole
          ? ` at the last request, whole again since ${formatTime(observation.resetAt)}`
          : `, resets at ${formatTime(observation.resetAt)}`}{' '}
        · observed {ago(observation.ageSeconds)}
        {observation.variant ? ` (hub of ${observation.variant})` : ''}
      </span>{' '}
      <meter
        min={0}
        max={capacity}
        value={used}
        aria-label={`${name} used: ${count(used)} of ${count(capacity)} ${unit}`}
      />
    </div>
  );
}

function Consumption({ record }: { record: ClientRecordWithConsumption }) {
  const { rate, budget } = record.consumption;
  if (!record.rate && !record.budget) return <>no quotas</>;
  if (!rate && !budget) return <span className="muted">no traffic reported yet</span>;
  return (
    <>
      {record.rate &&
        (rate ? (
          <QuotaUse name="Rate" unit="requests" observation={rate} />
        ) : (
          <div>Rate: no traffic reported yet</div>
        ))}
      {record.budget &&
        (budget ? (
          <QuotaUse name="Budget" unit="points" observation={budget} />
        ) : (
          <div>Budget: no traffic reported yet</div>
        ))}
    </>
  );
}

/** Client records (graph-wide) and the persisted-operation sets of this variant's client versions. */
export function ClientsPage({ at }: { at: VariantRef }) {
  const records = useApi<{ clients: ClientRecordWithConsumption[] }>(
    `/v1/graphs/${encodeURIComponent(at.graph)}/clients?include=consumption`,
  );
  const versions = useApi<{ versions: ClientVersion[] }>(
    `${variantPath(at.graph, at.variant)}/client-versions`,
  );
  return (
    <section>
      <PageTitle>Clients</PageTitle>
      <Show load={records}>
        {({ clients }) => (
          <table data-testid="client-records">
            <caption>Client records of {at.graph} (every variant)</caption>
            <thead>
              <tr>
                <th scope="col">Client</th>
                <th scope="col">Recognised by</th>
                <th scope="col">Tier</th>
                <th scope="col">Rate</th>
                <th scope="col">Budget</th>
                <th scope="col">Current consumption</th>
                <th scope="col">Persisted operations</th>
                <th scope="col">Version</th>
              </tr>
            </thead>
            <tbody>
              {clients.map((record) => (
                <tr key={record.id}>
                  <th scope="row">
                    {record.displayName}
                    {record.reserved && <span className="badge">reserved</span>}
                  </th>
                  <td>{recognition(record)}</td>
                  <td>{record.tier ?? '—'}</td>
                  <td>
                    {record.rate
                      ? `${count(record.rate.requests)} / ${per(record.rate.windowSeconds)}${record.rate.burst ? `, burst ${count(record.rate.burst)}` : ''}`
                      : 'none'}
                  </td>
                  <td>
                    {record.budget
                      ? `${count(record.budget.points)} points / ${per(record.budget.windowSeconds)}`
                      : 'none'}
                  </td>
                  <td data-testid={`consumption-${record.id}`}>
                    <Consumption record={record} />
                  </td>
                  <td>
                    <span className="badge">{record.persistedOperations}</span>
                  </td>
                  <td>{record.version}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Show>
      <p className="muted">
        Current consumption is what the hubs last reported with their usage (every few seconds): where each
        quota stood at the client&apos;s newest request. Hubs sharing Redis count together; hubs counting in
        memory count separately, and the newest report shows one hub&apos;s count.
      </p>
      <h3>
        Persisted operations of {at.graph}@{at.variant}
      </h3>
      <Show load={versions}>
        {({ versions: list }) =>
          list.length === 0 ? (
            <p className="muted">No client version registered operations in this variant.</p>
          ) : (
            <table data-testid="client-versions">
              <thead>
                <tr>
                  <th scope="col">Client</th>
                  <th scope="col">Version</th>
                  <th scope="col">Status</th>
                  <th scope="col">Operations</th>
                  <th scope="col">Registered</th>
                </tr>
              </thead>
              <tbody>
                {list.map((version) => (
                  <tr key={`${version.client}|${version.version}`}>
                    <td>{version.client}</td>
                    <td>
                      <Link to={`${at.base}/clients/${segment(version.client)}/${segment(version.version)}`}>
                        {version.version}
                      </Link>
                    </td>
                    <td>
                      <span className={`badge ${version.status === 'active' ? 'sev-safe' : ''}`}>
                        {version.status}
                      </span>
                      {version.retireReason && ` ${version.retireReason}`}
                    </td>
                    <td>{version.operationCount}</td>
                    <td>
                      {formatTime(version.createdAt)} by {version.createdBy}
                    </td>
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

export function ClientVersionPage({
  at,
  client,
  version,
}: {
  at: VariantRef;
  client: string;
  version: string;
}) {
  const load = useApi<{ version: ClientVersionDetail }>(
    `${variantPath(at.graph, at.variant)}/clients/${encodeURIComponent(client)}/versions/${encodeURIComponent(version)}`,
  );
  return (
    <section>
      <PageTitle>
        {client} {version}
      </PageTitle>
      <Show load={load}>
        {({ version: detail }) => (
          <>
            <p>
              <span className="badge">{detail.status}</span> {detail.operationCount} operations · updated{' '}
              {formatTime(detail.updatedAt)}
            </p>
            <table>
              <thead>
                <tr>
                  <th scope="col">Operation</th>
                  <th scope="col">Type</th>
                  <th scope="col">Id</th>
                </tr>
              </thead>
              <tbody>
                {detail.operations.map((operation) => (
                  <tr key={operation.id}>
                    <td>
                      <details>
                        <summary>{operation.name ?? '(anonymous)'}</summary>
                        <pre>{operation.body}</pre>
                      </details>
                    </td>
                    <td>{operation.type}</td>
                    <td>
                      <code title={operation.id}>{operation.id.slice(0, 16)}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </Show>
    </section>
  );
}
