import { authorize } from '../../services/authorization.js';
import { unusedUsage } from '../../services/usage-reports.js';
import { variantParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';
import { periodQuerySchema } from './usage-schemas.js';

/** The coordinates of the current supergraph that no request used in the period. */
export const getUnusedUsageRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs/:graph/variants/:variant/usage/unused',
  async handler(request, reply) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: pathParam(request, 'graph') });
    const ref = validate(variantParamsSchema, request.params);
    const { period } = validate(periodQuerySchema, request.query);
    return reply.send(await unusedUsage(ctx, ref, period));
  },
});
