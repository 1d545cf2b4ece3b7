import { authorize } from '../../services/authorization.js';
import { deleteWebhook } from '../../webhooks/webhook-service.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';
import { webhookParamsSchema } from './webhook-schemas.js';

export const deleteWebhookRoute: RouteFactory = (ctx) => ({
  method: 'DELETE',
  url: '/v1/graphs/:graph/webhooks/:id',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'manage-webhooks', graph: pathParam(request, 'graph') });
    const { graph, id } = validate(webhookParamsSchema, request.params);
    return { webhook: await deleteWebhook(ctx, graph, id, principal) };
  },
});
