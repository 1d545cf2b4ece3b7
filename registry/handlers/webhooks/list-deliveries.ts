import { authorize } from '../../services/authorization.js';
import { webhookDeliveries } from '../../webhooks/webhook-service.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';
import { deliveriesQuerySchema, webhookParamsSchema } from './webhook-schemas.js';

/** The delivery log of one webhook, newest first (default 20), each delivery with its attempts. */
export const listDeliveriesRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs/:graph/webhooks/:id/deliveries',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'manage-webhooks', graph: pathParam(request, 'graph') });
    const { graph, id } = validate(webhookParamsSchema, request.params);
    const { limit } = validate(deliveriesQuerySchema, request.query);
    return { deliveries: await webhookDeliveries(ctx, graph, id, limit ?? 20) };
  },
});
