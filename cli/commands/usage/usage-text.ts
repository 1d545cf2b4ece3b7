/** The human text of the usage reports (the JSON is the registry's answer as it is). */
import type { ClientUsage } from '../../client/index.js';
import { formatTable } from '../../../lib/text-table.js';

export function clientName(client: string): string {
  return client === '' ? '(unknown client)' : client;
}

export function clientRows(clients: readonly ClientUsage[]): string {
  return formatTable(
    ['CLIENT', 'VERSION', 'REQUESTS', 'FIRST SEEN', 'LAST SEEN'],
    clients.map((row) => [
      clientName(row.client),
      row.version || '-',
      String(row.count),
      row.firstSeen ?? '-',
      row.lastSeen ?? '-',
    ]),
  );
}

export function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n');
}

export const PERIOD_OPTION = [
  '--period <period>',
  'the window to look at: days or hours, like 30d or 12h (default 30d)',
] as const;
