/**
 * The webhooks API's services (docs/registry-api.md, "Webhooks"): create (the secret is answered once), list,
 * delete, the delivery log, and a test ping. Handlers authorize first (`manage-webhooks`).
 */
import { randomUUID } from 'node:crypto';
import { RegistryErrors } from '../errors.js';
import type { Principal } from '../services/authentication.js';
import { requireGraph } from '../services/graphs.js';
import { appendRegistryAudit, type RegistryAuditWrite } from '../storage/repositories/registry-audit.js';
import type { RegistryContext } from '../services/registry-context.js';
import {
  countWebhooks,
  deleteWebhook as deleteWebhookRow,
  findWebhook,
  insertWebhook,
  listDeliveries,
  listWebhooks as listWebhookRows,
  type DeliveryRow,
  type WebhookRow,
} from '../storage/repositories/webhooks.js';
import { ping, SUBSCRIBABLE_EVENT_TYPES } from './events.js';
import { generateSecret } from './signature.js';

export type WebhookInfo = WebhookRow;

/** Each event goes to every subscribed webhook of its graph: their number is bounded. */
export const MAX_WEBHOOKS_PER_GRAPH = 20;
export type WebhookDelivery = DeliveryRow;

export interface CreateWebhookInput {
  readonly url: string;
  readonly events?: readonly string[] | undefined;
  readonly variant?: string | null | undefined;
  readonly description?: string | undefined;
}

/** Stores a webhook with a new signing secret; the secret is in this answer and never again. */
export async function createWebhook(
  ctx: RegistryContext,
  graphName: string,
  input: CreateWebhookInput,
  principal: Principal,
): Promise<{ webhook: WebhookInfo; secret: string }> {
  const graph = await requireGraph(ctx.db, graphName);
  const problem = ctx.webhooks.policy.checkUrl(input.url);
  if (problem) throw RegistryErrors.WEBHOOK_TARGET_DENIED.create({ url: input.url, problem });
  const secret = generateSecret();
  const id = randomUUID();
  const events = input.events ? [...new Set(input.events)] : [...SUBSCRIBABLE_EVENT_TYPES];
  const webhook = await ctx.db.transaction(async (tx) => {
    // Counted inside the transaction; two concurrent creates may both pass on PostgreSQL (a bound, not a quota).
    if ((await countWebhooks(tx, graph.id)) >= MAX_WEBHOOKS_PER_GRAPH) {
      throw RegistryErrors.WEBHOOK_LIMIT_REACHED.create({ graph: graphName, limit: MAX_WEBHOOKS_PER_GRAPH });
    }
    const inserted = await insertWebhook(tx, {
      id,
      graphId: graph.id,
      variant: input.variant ?? null,
      url: input.url,
      events,
      secret: ctx.webhooks.secrets.seal(secret, id),
      description: input.description ?? null,
      createdBy: principal.name,
    });
    await appendRegistryAudit(tx, auditEntry('webhook.created', inserted, principal));
    return inserted;
  });
  ctx.logger?.info(
    { webhookId: webhook.id, graph: graphName, events, by: principal.name },
    'webhook created',
  );
  return { webhook, secret };
}

/** The registry audit entry of a webhook change: the URL's origin only (a path can be a credential, as Slack's is). */
function auditEntry(
  action: 'webhook.created' | 'webhook.deleted',
  webhook: WebhookInfo,
  principal: Principal,
): RegistryAuditWrite {
  return {
    action,
    graph: webhook.graph,
    variant: webhook.variant,
    actor: principal.name,
    reason: null,
    details: { webhookId: webhook.id, target: new URL(webhook.url).origin, events: webhook.events },
  };
}

export async function listWebhooks(ctx: RegistryContext, graphName: string): Promise<WebhookInfo[]> {
  const graph = await requireGraph(ctx.db, graphName);
  return listWebhookRows(ctx.db, graph.id);
}

async function requireWebhook(
  ctx: RegistryContext,
  graphName: string,
  id: string,
): Promise<{ graphId: number; webhook: WebhookInfo }> {
  const graph = await requireGraph(ctx.db, graphName);
  const webhook = await findWebhook(ctx.db, graph.id, id);
  if (!webhook) throw RegistryErrors.WEBHOOK_NOT_FOUND.create({ graph: graphName, id });
  return { graphId: graph.id, webhook };
}

/** Deletes the webhook and its delivery log (pending deliveries are dropped); answers it as it was. */
export async function deleteWebhook(
  ctx: RegistryContext,
  graphName: string,
  id: string,
  principal: Principal,
): Promise<WebhookInfo> {
  const { graphId, webhook } = await requireWebhook(ctx, graphName, id);
  await ctx.db.transaction(async (tx) => {
    if (!(await deleteWebhookRow(tx, graphId, id))) {
      throw RegistryErrors.WEBHOOK_NOT_FOUND.create({ graph: graphName, id });
    }
    await appendRegistryAudit(tx, auditEntry('webhook.deleted', webhook, principal));
  });
  ctx.logger?.info({ webhookId: id, graph: graphName, by: principal.name }, 'webhook deleted');
  return webhook;
}

export async function webhookDeliveries(
  ctx: RegistryContext,
  graphName: string,
  id: string,
  limit: number,
): Promise<WebhookDelivery[]> {
  await requireWebhook(ctx, graphName, id);
  return listDeliveries(ctx.db, id, limit);
}

/** Queues a `webhook.ping` to this webhook (whatever it subscribed to); the delivery, pending. */
export async function pingWebhook(
  ctx: RegistryContext,
  graphName: string,
  id: string,
  principal: Principal,
): Promise<{ id: string; eventId: string; eventType: string; status: 'pending' }> {
  const { webhook } = await requireWebhook(ctx, graphName, id);
  const event = ping({ graph: graphName, variant: webhook.variant }, id, principal.name);
  const deliveryId = await ctx.webhooks.enqueueFor(id, event);
  return { id: deliveryId, eventId: event.id, eventType: event.type, status: 'pending' };
}
