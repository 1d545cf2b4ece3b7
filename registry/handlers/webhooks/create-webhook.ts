import { authorize } from '../../services/authorization.js';
import { createWebhook } from '../../webhooks/webhook-service.js';
import { graphParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';
import { createWebhookBodySchema } from './webhook-schemas.js';

/** Admin or a publisher not limited to subgraphs; the answer carries the signing secret, shown only now. */
export const createWebhookRoute: RouteFactory = (ctx) => ({
  method: 'POST',
  url: '/v1/graphs/:graph/webhooks',
  async handler(request, reply) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'manage-webhooks', graph: pathParam(request, 'graph') });
    const { graph } = validate(graphParamsSchema, request.params);
    const body = validate(createWebhookBodySchema, request.body);
    return reply.code(201).send(await createWebhook(ctx, graph, body, principal));
  },
});
