import { authorize } from '../../services/authorization.js';
import { deleteVariant } from '../../services/delete-graph.js';
import { deleteConfirmQuerySchema, variantParamsSchema } from '../input-schemas.js';
import { authenticateRequest, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';

/** Admin only; `?confirm=<graph>@<variant>` must repeat the ref (400 CONFIRMATION_REQUIRED otherwise). */
export const deleteVariantRoute: RouteFactory = (ctx) => ({
  method: 'DELETE',
  url: '/v1/graphs/:graph/variants/:variant',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'admin' });
    const ref = validate(variantParamsSchema, request.params);
    const { confirm, reason } = validate(deleteConfirmQuerySchema, request.query);
    return { variant: await deleteVariant(ctx, ref, { principal, confirm, reason }) };
  },
});
