/** Webhooks, their deliveries and attempts, and the deprecation verdicts of the evaluator (migration 016). */
import type { Queryable } from '../database.js';
import { toIso, toIsoOrNull } from './timestamps.js';

export interface WebhookRow {
  id: string;
  graph: string;
  variant: string | null;
  url: string;
  events: string[];
  description: string | null;
  createdBy: string;
  createdAt: string;
}

interface RawWebhook {
  id: string;
  graph: string;
  variant: string | null;
  url: string;
  events: string[];
  description: string | null;
  created_by: string;
  created_at: Date;
}

const WEBHOOK_COLUMNS =
  'w.id, g.name AS graph, w.variant, w.url, w.events, w.description, w.created_by, w.created_at';

function toWebhook(row: RawWebhook): WebhookRow {
  return {
    id: row.id,
    graph: row.graph,
    variant: row.variant,
    url: row.url,
    events: row.events,
    description: row.description,
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
  };
}

export interface WebhookWrite {
  id: string;
  graphId: number;
  variant: string | null;
  url: string;
  events: readonly string[];
  secret: string;
  description: string | null;
  createdBy: string;
}

export async function insertWebhook(db: Queryable, webhook: WebhookWrite): Promise<WebhookRow> {
  await db.query(
    `INSERT INTO webhooks (id, graph_id, variant, url, events, secret, description, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, clock_timestamp())`,
    [
      webhook.id,
      webhook.graphId,
      webhook.variant,
      webhook.url,
      [...webhook.events],
      webhook.secret,
      webhook.description,
      webhook.createdBy,
    ],
  );
  const row = await findWebhook(db, webhook.graphId, webhook.id);
  if (!row) throw new Error('an inserted webhook was not found');
  return row;
}

export async function listWebhooks(db: Queryable, graphId: number): Promise<WebhookRow[]> {
  const rows = await db.query<RawWebhook>(
    `SELECT ${WEBHOOK_COLUMNS} FROM webhooks w JOIN graphs g ON g.id = w.graph_id
     WHERE w.graph_id = $1 ORDER BY w.created_at, w.id`,
    [graphId],
  );
  return rows.map(toWebhook);
}

export async function findWebhook(db: Queryable, graphId: number, id: string): Promise<WebhookRow | null> {
  const rows = await db.query<RawWebhook>(
    `SELECT ${WEBHOOK_COLUMNS} FROM webhooks w JOIN graphs g ON g.id = w.graph_id
     WHERE w.graph_id = $1 AND w.id = $2`,
    [graphId, id],
  );
  return rows[0] ? toWebhook(rows[0]) : null;
}

export async function countWebhooks(db: Queryable, graphId: number): Promise<number> {
  const rows = await db.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM webhooks WHERE graph_id = $1',
    [graphId],
  );
  return rows[0]?.count ?? 0;
}

/** Deletes the webhook with its deliveries; `false` when the graph has no such webhook. */
export async function deleteWebhook(db: Queryable, graphId: number, id: string): Promise<boolean> {
  const rows = await db.query('DELETE FROM webhooks WHERE graph_id = $1 AND id = $2 RETURNING id', [
    graphId,
    id,
  ]);
  return rows.length > 0;
}

export interface EventWrite {
  eventId: string;
  eventType: string;
  graph: string;
  variant: string | null;
  payload: string;
  /** When the first attempt is due. */
  dueAt: string;
}

/**
 * One pending delivery per webhook of the event's graph that subscribed to its type, for every variant or the
 * event's; the number of deliveries made.
 */
export async function insertEventDeliveries(db: Queryable, event: EventWrite): Promise<number> {
  const rows = await db.query(
    `INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, payload, status, next_attempt_at)
     SELECT gen_random_uuid(), w.id, $1, $2, $5, 'pending', $6
     FROM webhooks w JOIN graphs g ON g.id = w.graph_id
     WHERE g.name = $3 AND (w.variant IS NULL OR w.variant = $4) AND $2 = ANY (w.events)
     RETURNING id`,
    [event.eventId, event.eventType, event.graph, event.variant, event.payload, event.dueAt],
  );
  return rows.length;
}

/** A delivery of one event to one webhook whatever it subscribed to (a test ping); its id. */
export async function insertDelivery(
  db: Queryable,
  webhookId: string,
  event: Omit<EventWrite, 'graph' | 'variant'>,
): Promise<string> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, payload, status, next_attempt_at)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, 'pending', $5) RETURNING id`,
    [webhookId, event.eventId, event.eventType, event.payload, event.dueAt],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('inserting a delivery returned no row');
  return id;
}

/** A due delivery, claimed for one attempt: with what the attempt needs. */
export interface ClaimedDelivery {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  payload: string;
  attempts: number;
  url: string;
  secret: string;
}

interface RawClaimed {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  payload: string;
  attempts: number;
  url: string;
  secret: string;
}

/**
 * Claims up to `limit` pending deliveries due at `now`: their due time moves to `leaseUntil`, so another worker
 * (another registry on the same PostgreSQL) skips them, and one whose attempt never reported (a crash) is due
 * again when the lease ends.
 */
export async function claimDueDeliveries(
  db: Queryable,
  now: string,
  leaseUntil: string,
  limit: number,
): Promise<ClaimedDelivery[]> {
  const rows = await db.query<RawClaimed>(
    `UPDATE webhook_deliveries d SET next_attempt_at = $2
     FROM webhooks w
     WHERE w.id = d.webhook_id AND d.id IN (
       SELECT id FROM webhook_deliveries
       WHERE status = 'pending' AND next_attempt_at <= $1
       ORDER BY next_attempt_at, created_at LIMIT $3
       FOR UPDATE SKIP LOCKED)
     RETURNING d.id, d.webhook_id, d.event_id, d.event_type, d.payload, d.attempts, w.url, w.secret`,
    [now, leaseUntil, limit],
  );
  return rows.map((row) => ({
    id: row.id,
    webhookId: row.webhook_id,
    eventId: row.event_id,
    eventType: row.event_type,
    payload: row.payload,
    attempts: row.attempts,
    url: row.url,
    secret: row.secret,
  }));
}

export interface AttemptWrite {
  attempt: number;
  startedAt: string;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
}

/** Logs an attempt and moves the delivery on: delivered, failed, or pending again at `nextAttemptAt`. */
export async function recordAttempt(
  db: Queryable,
  deliveryId: string,
  attempt: AttemptWrite,
  next: { status: 'delivered' | 'failed' } | { status: 'pending'; nextAttemptAt: string },
): Promise<void> {
  await db.query(
    // The webhook (and so the delivery) may have been deleted during the attempt: then there is nothing to log.
    `INSERT INTO webhook_attempts (delivery_id, attempt, started_at, duration_ms, status_code, error)
     SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS (SELECT 1 FROM webhook_deliveries WHERE id = $1)
     ON CONFLICT (delivery_id, attempt) DO NOTHING`,
    [deliveryId, attempt.attempt, attempt.startedAt, attempt.durationMs, attempt.statusCode, attempt.error],
  );
  await db.query(
    `UPDATE webhook_deliveries
     SET attempts = $2, status = $3, next_attempt_at = COALESCE($4, next_attempt_at),
         completed_at = CASE WHEN $3 = 'pending' THEN NULL ELSE clock_timestamp() END
     WHERE id = $1`,
    [deliveryId, attempt.attempt, next.status, next.status === 'pending' ? next.nextAttemptAt : null],
  );
}

/** Gives a claimed delivery back without an attempt (the registry stopped during it): due at `at`. */
export async function releaseDelivery(db: Queryable, deliveryId: string, at: string): Promise<void> {
  await db.query("UPDATE webhook_deliveries SET next_attempt_at = $2 WHERE id = $1 AND status = 'pending'", [
    deliveryId,
    at,
  ]);
}

/** Deletes deliveries (with their attempts) delivered or failed before `before`; how many. */
export async function pruneDeliveries(db: Queryable, before: string): Promise<number> {
  const rows = await db.query(
    "DELETE FROM webhook_deliveries WHERE status <> 'pending' AND completed_at < $1 RETURNING id",
    [before],
  );
  return rows.length;
}

/** When the next pending delivery is due; `null` when none is pending. */
export async function nextDueAt(db: Queryable): Promise<Date | null> {
  const rows = await db.query<{ due: Date | null }>(
    "SELECT min(next_attempt_at) AS due FROM webhook_deliveries WHERE status = 'pending'",
  );
  const due = rows[0]?.due ?? null;
  return due === null ? null : new Date(due);
}

export interface AttemptRow {
  attempt: number;
  startedAt: string;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
}

export interface DeliveryRow {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: AttemptRow[];
  createdAt: string;
  nextAttemptAt: string | null;
  completedAt: string | null;
}

interface RawDelivery {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  status: 'pending' | 'delivered' | 'failed';
  next_attempt_at: Date;
  created_at: Date;
  completed_at: Date | null;
}

interface RawAttempt {
  delivery_id: string;
  attempt: number;
  started_at: Date;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
}

/** The newest deliveries of a webhook first, each with its attempts in order. */
export async function listDeliveries(
  db: Queryable,
  webhookId: string,
  limit: number,
): Promise<DeliveryRow[]> {
  const rows = await db.query<RawDelivery>(
    `SELECT id, webhook_id, event_id, event_type, status, next_attempt_at, created_at, completed_at
     FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY created_at DESC, id LIMIT $2`,
    [webhookId, limit],
  );
  if (rows.length === 0) return [];
  const attempts = await db.query<RawAttempt>(
    `SELECT delivery_id, attempt, started_at, duration_ms, status_code, error FROM webhook_attempts
     WHERE delivery_id = ANY ($1::uuid[]) ORDER BY delivery_id, attempt`,
    [rows.map((row) => row.id)],
  );
  const byDelivery = new Map<string, AttemptRow[]>();
  for (const attempt of attempts) {
    const list = byDelivery.get(attempt.delivery_id) ?? [];
    list.push({
      attempt: attempt.attempt,
      startedAt: toIso(attempt.started_at),
      durationMs: attempt.duration_ms,
      statusCode: attempt.status_code,
      error: attempt.error,
    });
    byDelivery.set(attempt.delivery_id, list);
  }
  return rows.map((row) => ({
    id: row.id,
    webhookId: row.webhook_id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status,
    attempts: byDelivery.get(row.id) ?? [],
    createdAt: toIso(row.created_at),
    nextAttemptAt: row.status === 'pending' ? toIso(row.next_attempt_at) : null,
    completedAt: toIsoOrNull(row.completed_at),
  }));
}

export interface WatchedVariant {
  graph: string;
  variant: string;
  variantId: number;
}

/** Variants with a supergraph that some webhook watches for `eventType` (directly or as all its graph's variants). */
export async function variantsWatchedFor(db: Queryable, eventType: string): Promise<WatchedVariant[]> {
  const rows = await db.query<{ graph: string; variant: string; variant_id: number }>(
    `SELECT DISTINCT g.name AS graph, v.name AS variant, v.id AS variant_id
     FROM webhooks w JOIN graphs g ON g.id = w.graph_id JOIN variants v ON v.graph_id = g.id
     WHERE $1 = ANY (w.events) AND (w.variant IS NULL OR w.variant = v.name) AND v.current_version IS NOT NULL
     ORDER BY g.name, v.name`,
    [eventType],
  );
  return rows.map((row) => ({ graph: row.graph, variant: row.variant, variantId: row.variant_id }));
}

/** The last verdict of each deprecated element of a variant: coordinate → safe to remove. */
export async function loadVerdicts(db: Queryable, variantId: number): Promise<Map<string, boolean>> {
  const rows = await db.query<{ coordinate: string; safe_to_remove: boolean }>(
    'SELECT coordinate, safe_to_remove FROM webhook_deprecation_verdicts WHERE variant_id = $1',
    [variantId],
  );
  return new Map(rows.map((row) => [row.coordinate, row.safe_to_remove]));
}

/** Replaces the variant's verdicts with these (elements no longer deprecated are forgotten). */
export async function saveVerdicts(
  db: Queryable,
  variantId: number,
  verdicts: ReadonlyMap<string, boolean>,
): Promise<void> {
  const coordinates = [...verdicts.keys()];
  await db.query(
    'DELETE FROM webhook_deprecation_verdicts WHERE variant_id = $1 AND NOT (coordinate = ANY ($2::text[]))',
    [variantId, coordinates],
  );
  if (coordinates.length === 0) return;
  await db.query(
    `INSERT INTO webhook_deprecation_verdicts (variant_id, coordinate, safe_to_remove, updated_at)
     SELECT $1, coordinate, safe, clock_timestamp() FROM unnest($2::text[], $3::boolean[]) AS t (coordinate, safe)
     ON CONFLICT (variant_id, coordinate) DO UPDATE
       SET safe_to_remove = EXCLUDED.safe_to_remove, updated_at = EXCLUDED.updated_at`,
    [variantId, coordinates, coordinates.map((coordinate) => verdicts.get(coordinate) === true)],
  );
}
