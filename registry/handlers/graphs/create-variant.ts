import { authorize } from '../../services/authorization.js';
import { createVariant } from '../../services/variants.js';
import { createVariantBodySchema, graphParamsSchema } from '../input-schemas.js';
import { authenticateRequest, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';

/** An empty variant, ahead of its first publish (which would also create it). */
export const createVariantRoute: RouteFactory = (ctx) => ({
  method: 'POST',
  url: '/v1/graphs/:graph/variants',
  async handler(request, reply) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'admin' });
    const { graph } = validate(graphParamsSchema, request.params);
    const body = validate(createVariantBodySchema, request.body);
    const variant = await createVariant(ctx, { graph, variant: body.name });
    return reply.code(201).send({ variant });
  },
});
