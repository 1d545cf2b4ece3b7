/** How `atrium client` prints records. */
import type { ClientRecordValue } from '../../../lib/client-records.js';
import type { ClientRecordAnswer } from './client-records-api.js';

export function recognitionText(record: ClientRecordValue): string {
  const { recognition } = record;
  switch (recognition.kind) {
    case 'client-id':
      return `client id ${recognition.clientIds.join(', ')}`;
    case 'remote-address':
      return `address ${recognition.addresses.join(', ')}`;
    case 'default':
      return 'authenticated, no record';
    case 'anonymous':
      return 'no token, no address record';
  }
}

export function rateText(record: ClientRecordValue): string {
  const { rate } = record;
  if (!rate) return '-';
  return `${rate.requests}/${rate.windowSeconds}s${rate.burst !== undefined ? ` burst ${rate.burst}` : ''}`;
}

export function budgetText(record: ClientRecordValue): string {
  return record.budget ? `${record.budget.points}/${record.budget.windowSeconds}s` : '-';
}

export function recordText(record: ClientRecordAnswer, etag: string | null): string {
  const overrides = Object.entries(record.overrides)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(', ');
  const lines = [
    `Client ${record.id}${record.reserved ? ' (reserved)' : ''}: ${record.displayName}`,
    `  recognised by        ${recognitionText(record)}`,
    `  tier                 ${record.tier ?? '-'}`,
    `  rate                 ${rateText(record)}`,
    `  budget (cost)        ${budgetText(record)}`,
    `  overrides            ${overrides || '-'}`,
    `  persisted operations ${record.persistedOperations}`,
    `  version              ${record.version}${record.updatedBy ? ` (updated by ${record.updatedBy} at ${record.updatedAt})` : ''}`,
  ];
  if (etag) lines.push(`  etag                 ${etag}`);
  return `${lines.join('\n')}\n`;
}
