import { authorize } from '../../services/authorization.js';
import { deprecatedUsage } from '../../services/usage-reports.js';
import { variantParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';
import { periodQuerySchema } from './usage-schemas.js';

/** Every @deprecated element of the current supergraph, its usage in the period and a verdict. */
export const getDeprecatedUsageRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs/:graph/variants/:variant/usage/deprecated',
  async handler(request, reply) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: pathParam(request, 'graph') });
    const ref = validate(variantParamsSchema, request.params);
    const { period } = validate(periodQuerySchema, request.query);
    return reply.send(await deprecatedUsage(ctx, ref, period));
  },
});
