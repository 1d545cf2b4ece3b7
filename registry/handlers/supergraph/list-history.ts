import { authorize } from '../../services/authorization.js';
import { getHistory } from '../../services/variant-reads.js';
import { variantParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';

export const listHistoryRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs/:graph/variants/:variant/history',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: pathParam(request, 'graph') });
    const params = validate(variantParamsSchema, request.params);
    return { versions: await getHistory(ctx, params) };
  },
});
