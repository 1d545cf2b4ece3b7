import { authorize } from '../../services/authorization.js';
import { listAllTokens } from '../../services/tokens.js';
import { authenticateRequest } from '../preamble.js';
import type { RouteFactory } from '../route.js';

export const listTokensRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/tokens',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'admin' });
    return { tokens: await listAllTokens(ctx) };
  },
});
