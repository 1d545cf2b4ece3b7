import { authorize } from '../../services/authorization.js';
import { fieldUsage } from '../../services/usage-reports.js';
import { variantParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';
import { fieldParamsSchema, periodQuerySchema } from './usage-schemas.js';

/** Usage of one coordinate in a period: totals, per client and version with first/last seen, top operations. */
export const getFieldUsageRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs/:graph/variants/:variant/usage/fields/:coordinate',
  async handler(request, reply) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: pathParam(request, 'graph') });
    const ref = validate(variantParamsSchema, request.params);
    const { coordinate } = validate(fieldParamsSchema, request.params);
    const { period } = validate(periodQuerySchema, request.query);
    return reply.send(await fieldUsage(ctx, ref, coordinate, period));
  },
});
