import { failsCheck, type ReportChangeUsage, type ReportedChange } from '../../checks/check-report.js';
import { compareNames } from '../../names.js';
import {
  coordinatesWithPrefixes,
  coordinateUsage,
  hasReportedUsage,
  requestsByClient,
  type CoordinateClientRow,
} from '../../storage/repositories/usage-reads.js';
import type { UsageCheckSettings } from '../../usage-types.js';
import { registeredOperationCoordinates } from '../registered-operation-coordinates.js';
import { effectiveUsageCheckSettings } from '../usage-check-settings.js';
import { hourOf, resolvePeriod, type ResolvedPeriod } from '../usage-period.js';
import { changeUsageScope, inUsageScope, type UsageScope } from './change-usage-scope.js';
import type { CheckStage, CheckState } from './check-state.js';

type ClientUsage = ReportChangeUsage['clients'][number];
type RegisteredUse = ReportChangeUsage['registeredOperations'][number];

/**
 * Usage-aware checks (docs/checks.md): for every change that would fail the check, who used what it touches in
 * the window of the variant's settings (the registry's usage clock is "now"), and whether that blocks it. A change
 * nobody used, or used at most at the thresholds, is reported with its reason and does not fail the check; one an
 * active registered operation uses always blocks (the registered operations loaded for the analysis, reused);
 * `skipUsage` makes every one block. Runs after the schema analysis, on its `changes`.
 */
export const usageStage: CheckStage = {
  name: 'usage',
  async run(state: CheckState) {
    const { changes, base } = state;
    if (!changes || base.variantId === null || base.version === null) return 'continue';
    const failing = changes.filter((change) => failsCheck(change.severity, state.failOn));
    if (failing.length === 0) return 'continue';
    const { settings } = await effectiveUsageCheckSettings(state.db, state.graphId, state.variant);
    const period = resolvePeriod(settings.period, state.ctx.usage.clock());
    const scopes = new Map(failing.map((change) => [change, changeUsageScope(change)]));
    const reported = await hasReportedUsage(state.db, base.variantId);
    const usage = await readUsage(state, base.variantId, period, settings, [...scopes.values()]);
    const registered = registeredUses(state, base.version);
    state.changes = changes.map((change) => {
      if (!scopes.has(change)) return change;
      return {
        ...change,
        usage: decide(change, {
          scope: scopes.get(change) ?? null,
          usage,
          registered,
          settings,
          period,
          skipUsage: state.skipUsage,
          reported,
        }),
      };
    });
    return 'continue';
  },
};

interface WindowUsage {
  /** Rows of the coordinates in any scope, excluded clients left out. */
  readonly rows: readonly CoordinateClientRow[];
  /** Every request in the window, excluded clients left out. */
  readonly total: number;
}

function excluded(settings: UsageCheckSettings, client: string, version: string): boolean {
  return (
    settings.excludedClients.includes(client) ||
    settings.excludedClientVersions.some((entry) => entry.client === client && entry.version === version)
  );
}

async function readUsage(
  state: CheckState,
  variantId: number,
  period: ResolvedPeriod,
  settings: UsageCheckSettings,
  scopes: readonly (UsageScope | null)[],
): Promise<WindowUsage> {
  const exact = scopes.flatMap((scope) => scope?.coordinates ?? []);
  const prefixes = scopes.flatMap((scope) => scope?.prefixes ?? []);
  const coordinates = [
    ...new Set([...exact, ...(await coordinatesWithPrefixes(state.db, variantId, prefixes))]),
  ];
  // Hours when the window fits the hourly rollup (7 days does by default): the window then starts at its hour.
  const hourly = period.toMs - period.fromMs <= state.ctx.usage.retention.hourlyDays * 86_400_000;
  const buckets = hourly ? { unit: 'hour' as const, firstBucket: hourOf(period.fromMs) } : period;
  const rows = (await coordinateUsage(state.db, variantId, coordinates, buckets)).filter(
    (row) => !excluded(settings, row.client, row.version),
  );
  // The window's total only matters when something was used (it scans the operations' hourly rollup).
  const total =
    rows.length === 0
      ? 0
      : (await requestsByClient(state.db, variantId, hourOf(period.fromMs)))
          .filter((row) => !excluded(settings, row.client, row.version))
          .reduce((sum, row) => sum + row.count, 0);
  return { rows, total };
}

/** Per registered document: its coordinates and the active client versions that registered it. */
function registeredUses(
  state: CheckState,
  version: { hash: string; sdl: string },
): { coordinates: ReadonlySet<string>; uses: RegisteredUse[] }[] {
  const registered = state.registeredOperations;
  if (!registered || registered.documents.length === 0) return [];
  const byDocument = registeredOperationCoordinates(version, registered);
  return [...byDocument].map(([id, coordinates]) => ({
    coordinates,
    uses: (registered.users.get(id) ?? []).map((user) => ({
      clientName: user.client,
      clientVersion: user.version,
      operationId: id,
      operationName: user.name,
    })),
  }));
}

interface Decision {
  readonly scope: UsageScope | null;
  readonly usage: WindowUsage;
  readonly registered: readonly { coordinates: ReadonlySet<string>; uses: RegisteredUse[] }[];
  readonly settings: UsageCheckSettings;
  readonly period: ResolvedPeriod;
  readonly skipUsage: boolean;
  /** Whether any hub ever reported usage of the variant: without, no change can be called unused. */
  readonly reported: boolean;
}

function decide(change: ReportedChange, decision: Decision): ReportChangeUsage {
  const { scope, usage, registered, settings, period, skipUsage, reported } = decision;
  const window = {
    period: period.period,
    from: new Date(period.fromMs).toISOString(),
    to: new Date(period.toMs).toISOString(),
  };
  if (scope === null) {
    return {
      ...window,
      requests: 0,
      percentage: 0,
      clients: [],
      registeredOperations: [],
      outcome: skipUsage ? 'skipped' : 'blocking',
      reason: skipUsage
        ? 'usage not consulted (--skip-usage): the change counts'
        : `usage cannot tell who depends on a ${change.code} change: it counts`,
    };
  }
  const clients = clientsInScope(usage.rows, scope);
  const requests = sumOf(clients);
  const percentage = usage.total === 0 ? 0 : Math.min(100, (requests / usage.total) * 100);
  const registeredOperations = registered
    .filter((document) => [...document.coordinates].some((coordinate) => inUsageScope(scope, coordinate)))
    .flatMap((document) => document.uses)
    .sort(
      (a, b) =>
        compareNames(a.clientName, b.clientName) ||
        compareNames(a.clientVersion, b.clientVersion) ||
        compareNames(a.operationName ?? '', b.operationName ?? '') ||
        compareNames(a.operationId, b.operationId),
    );
  const found = { ...window, requests, percentage: round(percentage), clients, registeredOperations };
  if (skipUsage) {
    return { ...found, outcome: 'skipped', reason: 'usage not consulted (--skip-usage): the change counts' };
  }
  const inWindow = `in the last ${period.period}`;
  if (registeredOperations.length > 0) {
    const names = registeredOperations.map(
      (use) =>
        `${use.operationName ?? use.operationId.slice(0, 12)} (${use.clientName} ${use.clientVersion})`,
    );
    return {
      ...found,
      outcome: 'blocking',
      reason: `used by active registered operation${names.length === 1 ? '' : 's'} ${names.join(', ')}`,
    };
  }
  if (!reported) {
    return {
      ...found,
      outcome: 'blocking',
      reason: 'no hub has reported usage of this variant yet: every failing change counts',
    };
  }
  if (requests === 0) {
    return { ...found, outcome: 'unused', reason: `no requests used it ${inWindow}` };
  }
  const users = clients
    .map(
      (client) =>
        `${label(client)} (${plural(client.requests, 'request')}, last seen ${client.lastSeen ?? 'unknown'})`,
    )
    .join(', ');
  const measured = `${plural(requests, 'request')} (${round(percentage)}% of ${usage.total})`;
  if (requests > settings.thresholdRequests && percentage > settings.thresholdPercentage) {
    return { ...found, outcome: 'blocking', reason: `used ${inWindow} by ${users}` };
  }
  return {
    ...found,
    outcome: 'below-threshold',
    reason:
      `${measured} ${inWindow}, within the thresholds (at most ${plural(settings.thresholdRequests, 'request')} ` +
      `or ${settings.thresholdPercentage}%): used by ${users}`,
  };
}

/** Per client version: the most requests any coordinate of the scope had, and the latest time it was seen. */
function clientsInScope(rows: readonly CoordinateClientRow[], scope: UsageScope): ClientUsage[] {
  const byClient = new Map<
    string,
    { client: string; version: string; requests: number; lastSeen: string | null }
  >();
  for (const row of rows) {
    if (!inUsageScope(scope, row.coordinate)) continue;
    const key = `${row.client}\u0000${row.version}`;
    const known = byClient.get(key);
    if (!known) {
      byClient.set(key, {
        client: row.client,
        version: row.version,
        requests: row.count,
        lastSeen: row.lastSeen,
      });
      continue;
    }
    known.requests = Math.max(known.requests, row.count);
    if (row.lastSeen !== null && (known.lastSeen === null || row.lastSeen > known.lastSeen))
      known.lastSeen = row.lastSeen;
  }
  return [...byClient.values()]
    .sort(
      (a, b) =>
        b.requests - a.requests || compareNames(a.client, b.client) || compareNames(a.version, b.version),
    )
    .map((client) => ({
      clientName: client.client === '' ? null : client.client,
      clientVersion: client.version === '' ? null : client.version,
      requests: client.requests,
      lastSeen: client.lastSeen,
    }));
}

function sumOf(clients: readonly ClientUsage[]): number {
  return clients.reduce((sum, client) => sum + client.requests, 0);
}

function label(client: ClientUsage): string {
  const name = client.clientName ?? '(unknown client)';
  return client.clientVersion === null ? name : `${name} ${client.clientVersion}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
