import { z } from 'zod';
import { authorize } from '../../services/authorization.js';
import { diffSupergraphVersions } from '../../services/supergraph-diff.js';
import { variantParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';

const versionNumber = z
  .string()
  .regex(/^[1-9][0-9]{0,8}$/, 'must be a positive integer')
  .transform(Number);
const diffQuerySchema = z.strictObject({ from: versionNumber, to: versionNumber });

/** `GET …/supergraph/diff?from=2&to=5`: the classified API-schema changes between two versions, both SDLs. */
export const diffSupergraphVersionsRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs/:graph/variants/:variant/supergraph/diff',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: pathParam(request, 'graph') });
    const ref = validate(variantParamsSchema, request.params);
    const { from, to } = validate(diffQuerySchema, request.query);
    return diffSupergraphVersions(ctx, ref, from, to);
  },
});
