import { authorize } from '../../services/authorization.js';
import { listWebhooks } from '../../webhooks/webhook-service.js';
import { graphParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';

/** Webhook URLs can carry credentials of their own (Slack's do): readers do not see them. Secrets never appear. */
export const listWebhooksRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs/:graph/webhooks',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'manage-webhooks', graph: pathParam(request, 'graph') });
    const { graph } = validate(graphParamsSchema, request.params);
    return { webhooks: await listWebhooks(ctx, graph) };
  },
});
