import { authorize } from '../../services/authorization.js';
import { getAuditLog } from '../../services/audit-and-changelog.js';
import { limitQuerySchema, variantParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';

export const listAuditRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs/:graph/variants/:variant/audit',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: pathParam(request, 'graph') });
    const params = validate(variantParamsSchema, request.params);
    const { limit } = validate(limitQuerySchema, request.query);
    return { entries: await getAuditLog(ctx, params, limit ?? 100) };
  },
});
