import { authorize } from '../../services/authorization.js';
import { publishOperations } from '../../services/persisted-operations.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';
import { clientVersionParamsSchema, publishOperationsBodySchema } from './operation-schemas.js';

/** Registers operations for a client version (add-only, idempotent): 201 when it creates the version, else 200. */
export const publishOperationsRoute: RouteFactory = (ctx) => ({
  method: 'POST',
  url: '/v1/graphs/:graph/variants/:variant/clients/:client/versions/:version/operations',
  async handler(request, reply) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'publish-operations', graph: pathParam(request, 'graph') });
    const params = validate(clientVersionParamsSchema, request.params);
    const { operations } = validate(publishOperationsBodySchema, request.body);
    const result = await publishOperations(ctx, { ...params, operations, principal });
    return reply.code(result.status === 'created' ? 201 : 200).send(result);
  },
});
