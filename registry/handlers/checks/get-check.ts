import { authorize } from '../../services/authorization.js';
import { getCheck } from '../../services/checks/schema-checks.js';
import { checkParamsSchema } from '../input-schemas.js';
import { authenticateRequest, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';

export const getCheckRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/checks/:id',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: null });
    const { id } = validate(checkParamsSchema, request.params);
    const check = await getCheck(ctx, id);
    // The path names no graph: a token limited to graphs may see the check only once its graph is known.
    authorize(principal, { action: 'read', graph: check.graph });
    return { check };
  },
});
