import { authorize } from '../../services/authorization.js';
import { resetUsageCheckSettings } from '../../services/usage-check-settings.js';
import { graphParamsSchema, variantParamsSchema } from '../input-schemas.js';
import { authenticateRequest, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';

/** Admin: back to the defaults for the graph (variants with settings of their own keep them). */
export const resetGraphUsageCheckSettingsRoute: RouteFactory = (ctx) => ({
  method: 'DELETE',
  url: '/v1/graphs/:graph/usage-check-settings',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'admin' });
    const { graph } = validate(graphParamsSchema, request.params);
    return { usageCheckSettings: await resetUsageCheckSettings(ctx, graph, null, principal) };
  },
});

/** Admin: the variant follows the graph's settings again. */
export const resetVariantUsageCheckSettingsRoute: RouteFactory = (ctx) => ({
  method: 'DELETE',
  url: '/v1/graphs/:graph/variants/:variant/usage-check-settings',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'admin' });
    const { graph, variant } = validate(variantParamsSchema, request.params);
    return { usageCheckSettings: await resetUsageCheckSettings(ctx, graph, variant, principal) };
  },
});
