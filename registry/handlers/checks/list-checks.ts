import { authorize } from '../../services/authorization.js';
import { listVariantChecks } from '../../services/checks/schema-checks.js';
import { limitQuerySchema, variantParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';

export const listChecksRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs/:graph/variants/:variant/checks',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: pathParam(request, 'graph') });
    const params = validate(variantParamsSchema, request.params);
    const { limit } = validate(limitQuerySchema, request.query);
    return { checks: await listVariantChecks(ctx, params, limit ?? 50) };
  },
});
