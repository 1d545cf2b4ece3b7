import { authorize } from '../../services/authorization.js';
import { retireClientVersion } from '../../services/persisted-operations.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';
import { clientVersionParamsSchema, retireBodySchema } from './operation-schemas.js';

/** Retires a client version; retiring a retired one answers `status: "unchanged"`. */
export const retireClientVersionRoute: RouteFactory = (ctx) => ({
  method: 'POST',
  url: '/v1/graphs/:graph/variants/:variant/clients/:client/versions/:version/retire',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'publish-operations', graph: pathParam(request, 'graph') });
    const params = validate(clientVersionParamsSchema, request.params);
    const body = validate(retireBodySchema, request.body);
    return retireClientVersion(ctx, params, principal, body?.reason ?? null);
  },
});
