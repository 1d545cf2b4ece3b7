import type { Change } from '../api/types';
import { formatTime, SeverityBadge } from './common';

function UsageCell({ change }: { change: Change }) {
  const usage = change.usage;
  if (!usage) return <span className="muted">—</span>;
  return (
    <div className="usage-cell">
      <div>
        <span className={`badge outcome-${usage.outcome ?? 'skipped'}`}>{usage.outcome ?? 'usage'}</span>{' '}
        {usage.requests !== undefined && (
          <span>
            {usage.requests} requests
            {usage.percentage !== undefined && ` (${usage.percentage.toFixed(2)} %)`}
            {usage.period && ` in ${usage.period}`}
          </span>
        )}
      </div>
      {usage.reason && <div className="muted">{usage.reason}</div>}
      {usage.clients && usage.clients.length > 0 && (
        <ul className="plain">
          {usage.clients.map((client) => (
            <li key={`${client.clientName ?? ''}|${client.clientVersion ?? ''}`}>
              {client.clientName ?? '(unknown client)'} {client.clientVersion ?? ''}: {client.requests} (last{' '}
              {formatTime(client.lastSeen)})
            </li>
          ))}
        </ul>
      )}
      {usage.registeredOperations && usage.registeredOperations.length > 0 && (
        <ul className="plain">
          {usage.registeredOperations.map((operation) => (
            <li key={`${operation.clientName}|${operation.clientVersion}|${operation.operationId}`}>
              registered: {operation.operationName ?? '(anonymous)'} of {operation.clientName}{' '}
              {operation.clientVersion}{' '}
              <code title={operation.operationId}>{operation.operationId.slice(0, 12)}</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The classified change list: severity, code, coordinate, message and, when the check measured it, usage. */
export function ChangeList({ changes, caption }: { changes: readonly Change[]; caption: string }) {
  if (changes.length === 0) return <p className="muted">No changes to the API schema.</p>;
  const withUsage = changes.some((change) => change.usage !== undefined);
  return (
    <table className="changes">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Severity</th>
          <th scope="col">Code</th>
          <th scope="col">Coordinate</th>
          <th scope="col">Change</th>
          {withUsage && <th scope="col">Usage</th>}
        </tr>
      </thead>
      <tbody>
        {changes.map((change, index) => (
          <tr key={`${change.code}|${change.coordinate}|${index}`}>
            <td>
              <SeverityBadge severity={change.severity} />
            </td>
            <td>
              <code>{change.code}</code>
            </td>
            <td>
              <code>{change.coordinate}</code>
            </td>
            <td>{change.message}</td>
            {withUsage && (
              <td>
                <UsageCell change={change} />
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
