import { authorize } from '../../services/authorization.js';
import { getUsageCheckSettings } from '../../services/usage-check-settings.js';
import { graphParamsSchema, variantParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';

/** The usage-aware check settings of a graph (what its variants follow unless they have their own). */
export const getGraphUsageCheckSettingsRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs/:graph/usage-check-settings',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: pathParam(request, 'graph') });
    const { graph } = validate(graphParamsSchema, request.params);
    return { usageCheckSettings: await getUsageCheckSettings(ctx, graph, null) };
  },
});

/** The settings that apply to a variant's checks: its own, else the graph's, else the defaults. */
export const getVariantUsageCheckSettingsRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs/:graph/variants/:variant/usage-check-settings',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: pathParam(request, 'graph') });
    const { graph, variant } = validate(variantParamsSchema, request.params);
    return { usageCheckSettings: await getUsageCheckSettings(ctx, graph, variant) };
  },
});
