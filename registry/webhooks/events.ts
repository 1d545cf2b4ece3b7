/**
 * The events webhooks deliver and the one JSON shape they all have (docs/webhooks.md, "Payloads"):
 * `{ id, type, timestamp, graph, variant, data, text }`. `data` is per type; `text` is a one-line summary that
 * Slack-compatible incoming webhooks show as the message. Pure: builds values, sends and stores nothing.
 */
import { randomUUID } from 'node:crypto';
import type { GateBypass, SchemaCheck, VersionSummary } from '../api-types.js';

export const WEBHOOK_EVENT_TYPES = [
  'supergraph.published',
  'check.failed',
  'change.approved',
  'change.forced',
  'deprecated.safe_to_remove',
  'webhook.ping',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What subscriptions may name (`webhook.ping` goes only to the webhook it tests, whatever it subscribed to). */
export const SUBSCRIBABLE_EVENT_TYPES = WEBHOOK_EVENT_TYPES.filter(
  (type): type is Exclude<WebhookEventType, 'webhook.ping'> => type !== 'webhook.ping',
);

export interface WebhookEvent {
  /** A UUID; the same on every attempt and for every webhook the event goes to (receivers deduplicate by it). */
  readonly id: string;
  readonly type: WebhookEventType;
  /** When the event happened, ISO 8601. */
  readonly timestamp: string;
  readonly graph: string;
  /** `null` only for events of a whole graph (none so far). */
  readonly variant: string | null;
  readonly data: Readonly<Record<string, unknown>>;
  /** Plain text for chat tools (Slack's incoming webhooks show `text`). */
  readonly text: string;
}

/**
 * Slack reads `<…>` in a message as a link or a mention (`<!channel>` notifies everyone) and `&` as the start of
 * an entity; a reason or a token name in `text` is escaped as Slack asks, so it shows as written and pings
 * nobody. `data` carries every value unescaped.
 */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function event(
  type: WebhookEventType,
  ref: { graph: string; variant: string | null },
  data: Record<string, unknown>,
  text: string,
  at: Date = new Date(),
): WebhookEvent {
  return {
    id: randomUUID(),
    type,
    timestamp: at.toISOString(),
    graph: ref.graph,
    variant: ref.variant,
    data,
    text: escapeSlackText(text),
  };
}

export interface VariantRefLike {
  readonly graph: string;
  readonly variant: string;
}

function refText(ref: VariantRefLike): string {
  return `${ref.graph}@${ref.variant}`;
}

function changeText(version: VersionSummary): string {
  const { action, subgraph, subgraphs } = version.change;
  const names = subgraphs && subgraphs.length > 1 ? subgraphs.join(', ') : subgraph;
  return action === 'delete' ? `deleting ${names}` : `publishing ${names}`;
}

function bypassData(bypass: GateBypass | null): Record<string, unknown> | null {
  return bypass ? { kind: bypass.kind, checkId: bypass.checkId, by: bypass.by, reason: bypass.reason } : null;
}

/** A new supergraph version: a publish (single or batch) or a delete that composed. */
export function supergraphPublished(
  ref: VariantRefLike,
  version: VersionSummary,
  bypass: GateBypass | null,
): WebhookEvent {
  const through = bypass ? ` (failed check ${bypass.kind} by ${bypass.by})` : '';
  return event(
    'supergraph.published',
    ref,
    {
      version: version.version,
      hash: version.hash,
      publishedBy: version.publishedBy,
      change: version.change,
      subgraphs: version.subgraphs.map((subgraph) => subgraph.name),
      bypass: bypassData(bypass),
    },
    `[${refText(ref)}] supergraph v${version.version} published by ${version.publishedBy}, ${changeText(version)}${through}`,
  );
}

/** The variant has no supergraph any more: its last subgraph was deleted. */
export function supergraphEmptied(
  ref: VariantRefLike,
  subgraph: string,
  by: string,
  bypass: GateBypass | null,
): WebhookEvent {
  return event(
    'supergraph.published',
    ref,
    {
      version: null,
      hash: null,
      publishedBy: by,
      change: { action: 'delete', subgraph },
      subgraphs: [],
      bypass: bypassData(bypass),
    },
    `[${refText(ref)}] the last subgraph (${subgraph}) was deleted by ${by}: the variant has no supergraph`,
  );
}

function checkCounts(check: SchemaCheck): Record<string, number> {
  return { ...check.report.counts };
}

function failureSummary(check: SchemaCheck): string {
  const { counts } = check.report;
  const composition = check.report.compositionErrors?.length ?? 0;
  if (composition > 0) return `${composition} composition error${composition === 1 ? '' : 's'}`;
  const broken = check.report.brokenOperations?.length ?? 0;
  const parts = [`${counts.breaking} breaking`, `${counts.dangerous} dangerous`];
  if (broken > 0) parts.push(`${broken} registered operation${broken === 1 ? '' : 's'} broken`);
  return parts.join(', ');
}

/** A check that failed: asked for (`origin: check`) or run by a publish or delete it then blocked. */
export function checkFailed(check: SchemaCheck): WebhookEvent {
  const what = check.action === 'delete' ? `deleting ${check.subgraph}` : `${check.subgraph}`;
  const blocked = check.origin === 'check' ? '' : ` (the ${check.origin} was blocked)`;
  return event(
    'check.failed',
    check,
    {
      checkId: check.id,
      subgraph: check.subgraph,
      action: check.action,
      origin: check.origin,
      createdBy: check.createdBy,
      baseVersion: check.baseVersion,
      failOn: check.report.failOn,
      counts: checkCounts(check),
      compositionErrors: check.report.compositionErrors?.length ?? 0,
      failedBecause: check.report.failedBecause ?? [],
      git: check.git,
      contextId: check.contextId,
    },
    `[${refText(check)}] check of ${what} failed: ${failureSummary(check)}${blocked}; check ${check.id}`,
  );
}

/** A failed check's blocking changes were approved (`POST /v1/checks/:id/approve`). */
export function changeApproved(check: SchemaCheck): WebhookEvent {
  const approval = check.approval;
  const by = approval?.approvedBy ?? 'unknown';
  return event(
    'change.approved',
    check,
    {
      checkId: check.id,
      subgraph: check.subgraph,
      action: check.action,
      approvedBy: by,
      reason: approval?.reason ?? null,
      expiresAt: approval?.expiresAt ?? null,
      counts: checkCounts(check),
      contextId: check.contextId,
    },
    `[${refText(check)}] ${by} approved the failed check of ${check.subgraph} (${failureSummary(check)})` +
      `${approval?.reason ? `: ${approval.reason}` : ''}; check ${check.id}`,
  );
}

/** A publish or delete went through a failed check with `force`. */
export function changeForced(
  ref: VariantRefLike,
  input: { action: 'publish' | 'delete'; subgraphs: readonly string[]; version: number | null },
  bypass: GateBypass,
): WebhookEvent {
  const names = input.subgraphs.join(', ');
  return event(
    'change.forced',
    ref,
    {
      checkId: bypass.checkId,
      action: input.action,
      subgraphs: [...input.subgraphs],
      forcedBy: bypass.by,
      reason: bypass.reason,
      version: input.version,
    },
    `[${refText(ref)}] ${bypass.by} forced the ${input.action} of ${names} through a failed check` +
      `${bypass.reason ? `: ${bypass.reason}` : ''}; check ${bypass.checkId}`,
  );
}

export interface SafeToRemoveElement {
  readonly coordinate: string;
  readonly kind: string;
  readonly reason: string | null;
  readonly sinceVersion: number | null;
}

/** A deprecated element nobody used over the report's period any more (it was in use at the last evaluation). */
export function deprecatedSafeToRemove(
  ref: VariantRefLike,
  element: SafeToRemoveElement,
  report: { supergraphVersion: number; period: string; from: string; to: string },
  at: Date,
): WebhookEvent {
  return event(
    'deprecated.safe_to_remove',
    ref,
    {
      coordinate: element.coordinate,
      kind: element.kind,
      deprecationReason: element.reason,
      deprecatedSinceVersion: element.sinceVersion,
      supergraphVersion: report.supergraphVersion,
      period: report.period,
      from: report.from,
      to: report.to,
    },
    `[${refText(ref)}] deprecated ${element.coordinate} is safe to remove: no use in the last ${report.period}`,
    at,
  );
}

/** `webhook test`: a ping to one webhook. */
export function ping(
  ref: { graph: string; variant: string | null },
  webhookId: string,
  by: string,
): WebhookEvent {
  return event(
    'webhook.ping',
    ref,
    { webhookId, requestedBy: by },
    `[${ref.graph}${ref.variant ? `@${ref.variant}` : ''}] test delivery of webhook ${webhookId}, requested by ${by}`,
  );
}
