import { authorize } from '../../services/authorization.js';
import { revokeToken } from '../../services/tokens.js';
import { revokeQuerySchema, tokenParamsSchema } from '../input-schemas.js';
import { authenticateRequest, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';

export const revokeTokenRoute: RouteFactory = (ctx) => ({
  method: 'DELETE',
  // `:id` is a token id, or the name of exactly one active token.
  url: '/v1/tokens/:id',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'admin' });
    const { id } = validate(tokenParamsSchema, request.params);
    const { confirm } = validate(revokeQuerySchema, request.query);
    return { token: await revokeToken(ctx, { idOrName: id, confirm, principal }) };
  },
});
