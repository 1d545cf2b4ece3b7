import { authorize } from '../../services/authorization.js';
import { getClientVersion } from '../../services/persisted-operations.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';
import { clientVersionParamsSchema } from './operation-schemas.js';

export const getClientVersionRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs/:graph/variants/:variant/clients/:client/versions/:version',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: pathParam(request, 'graph') });
    const params = validate(clientVersionParamsSchema, request.params);
    return { version: await getClientVersion(ctx, params) };
  },
});
