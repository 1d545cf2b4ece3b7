import { authorize } from '../../services/authorization.js';
import { pingWebhook } from '../../webhooks/webhook-service.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';
import { webhookParamsSchema } from './webhook-schemas.js';

/** Queues a `webhook.ping` and answers 202 at once; the outcome is in the delivery log. */
export const testWebhookRoute: RouteFactory = (ctx) => ({
  method: 'POST',
  url: '/v1/graphs/:graph/webhooks/:id/test',
  async handler(request, reply) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'manage-webhooks', graph: pathParam(request, 'graph') });
    const { graph, id } = validate(webhookParamsSchema, request.params);
    return reply.code(202).send({ delivery: await pingWebhook(ctx, graph, id, principal) });
  },
});
