import { authorize } from '../../services/authorization.js';
import { revokeToken } from '../../services/tokens.js';
import { tokenParamsSchema } from '../input-schemas.js';
import { authenticateRequest, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';

export const revokeTokenRoute: RouteFactory = (ctx) => ({
  method: 'DELETE',
  url: '/v1/tokens/:id',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'admin' });
    const { id } = validate(tokenParamsSchema, request.params);
    return { token: await revokeToken(ctx, id) };
  },
});
