import { authorize } from '../../services/authorization.js';
import { updateUsageCheckSettings } from '../../services/usage-check-settings.js';
import { graphParamsSchema, variantParamsSchema } from '../input-schemas.js';
import { authenticateRequest, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';
import { usageCheckSettingsBodySchema } from './usage-schemas.js';

/** Admin: changes the graph's usage-aware check settings (the fields given). */
export const updateGraphUsageCheckSettingsRoute: RouteFactory = (ctx) => ({
  method: 'PUT',
  url: '/v1/graphs/:graph/usage-check-settings',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'admin' });
    const { graph } = validate(graphParamsSchema, request.params);
    const body = validate(usageCheckSettingsBodySchema, request.body);
    return { usageCheckSettings: await updateUsageCheckSettings(ctx, graph, null, body, principal) };
  },
});

/** Admin: gives a variant settings of its own (starting from the graph's). */
export const updateVariantUsageCheckSettingsRoute: RouteFactory = (ctx) => ({
  method: 'PUT',
  url: '/v1/graphs/:graph/variants/:variant/usage-check-settings',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'admin' });
    const { graph, variant } = validate(variantParamsSchema, request.params);
    const body = validate(usageCheckSettingsBodySchema, request.body);
    return { usageCheckSettings: await updateUsageCheckSettings(ctx, graph, variant, body, principal) };
  },
});
