import { listAuditRoute } from './audit/list-audit.js';
import { listRegistryAuditRoute } from './audit/list-registry-audit.js';
import { deleteGraphRoute } from './graphs/delete-graph.js';
import { deleteVariantRoute } from './graphs/delete-variant.js';
import { publishSubgraphsRoute } from './subgraphs/publish-subgraphs.js';
import { getWhoAmIRoute } from './whoami/get-whoami.js';
import { getUiConfigRoute } from './ui-config/get-ui-config.js';
import { createClientRoute } from './clients/create-client.js';
import { deleteClientRoute } from './clients/delete-client.js';
import { getClientRoute } from './clients/get-client.js';
import { listClientsRoute } from './clients/list-clients.js';
import { updateClientRoute } from './clients/update-client.js';
import { approveCheckRoute } from './checks/approve-check.js';
import { checkSubgraphRoute } from './checks/check-subgraph.js';
import { getCheckRoute } from './checks/get-check.js';
import { listChecksRoute } from './checks/list-checks.js';
import { createGraphRoute } from './graphs/create-graph.js';
import { createVariantRoute } from './graphs/create-variant.js';
import { listGraphsRoute } from './graphs/list-graphs.js';
import { getHealthRoute } from './health/get-health.js';
import { getClientVersionRoute } from './operations/get-client-version.js';
import { getPersistedOperationsRoute } from './operations/get-persisted-operations.js';
import {
  listClientVersionsRoute,
  listVariantClientVersionsRoute,
} from './operations/list-client-versions.js';
import { publishOperationsRoute } from './operations/publish-operations.js';
import { retireClientVersionRoute } from './operations/retire-client-version.js';
import type { RouteFactory } from './route.js';
import { deleteSubgraphRoute } from './subgraphs/delete-subgraph.js';
import { getSubgraphRoute } from './subgraphs/get-subgraph.js';
import { listSubgraphsRoute } from './subgraphs/list-subgraphs.js';
import { publishSubgraphRoute } from './subgraphs/publish-subgraph.js';
import { getSupergraphVersionRoute } from './supergraph/get-supergraph-version.js';
import { getSupergraphRoute } from './supergraph/get-supergraph.js';
import { getLintConfigRoute } from './lint/get-lint-config.js';
import { updateLintConfigRoute } from './lint/update-lint-config.js';
import { setSubgraphOwnerRoute } from './subgraphs/set-subgraph-owner.js';
import { listChangelogRoute } from './supergraph/list-changelog.js';
import { listHistoryRoute } from './supergraph/list-history.js';
import { createTokenRoute } from './tokens/create-token.js';
import { listTokensRoute } from './tokens/list-tokens.js';
import { revokeTokenRoute } from './tokens/revoke-token.js';
import { getDeprecatedUsageRoute } from './usage/get-deprecated-usage.js';
import { getDenialsUsageRoute } from './usage/get-denials-usage.js';
import { getFieldUsageRoute } from './usage/get-field-usage.js';
import { getUnusedUsageRoute } from './usage/get-unused-usage.js';
import { ingestUsageRoute } from './usage/ingest-usage.js';
import { getFieldUsageTimelineRoute } from './usage/get-field-usage-timeline.js';
import { getUsageTimelinesRoute } from './usage/get-usage-timelines.js';
import { diffSupergraphVersionsRoute } from './supergraph/diff-supergraph-versions.js';
import { serveDashboardIndexRoute, serveDashboardRoute } from './ui/serve-dashboard.js';
import {
  getGraphUsageCheckSettingsRoute,
  getVariantUsageCheckSettingsRoute,
} from './usage/get-usage-check-settings.js';
import {
  resetGraphUsageCheckSettingsRoute,
  resetVariantUsageCheckSettingsRoute,
} from './usage/reset-usage-check-settings.js';
import {
  updateGraphUsageCheckSettingsRoute,
  updateVariantUsageCheckSettingsRoute,
} from './usage/update-usage-check-settings.js';
import { createWebhookRoute } from './webhooks/create-webhook.js';
import { deleteWebhookRoute } from './webhooks/delete-webhook.js';
import { listDeliveriesRoute } from './webhooks/list-deliveries.js';
import { listWebhooksRoute } from './webhooks/list-webhooks.js';
import { testWebhookRoute } from './webhooks/test-webhook.js';

/** Every route of the registry API, in the order of docs/registry-api.md. */
export const registryRoutes: readonly RouteFactory[] = [
  getHealthRoute,
  createGraphRoute,
  listGraphsRoute,
  createVariantRoute,
  listSubgraphsRoute,
  getSubgraphRoute,
  publishSubgraphRoute,
  deleteSubgraphRoute,
  setSubgraphOwnerRoute,
  getSupergraphRoute,
  getSupergraphVersionRoute,
  listHistoryRoute,
  listChangelogRoute,
  checkSubgraphRoute,
  listChecksRoute,
  getCheckRoute,
  approveCheckRoute,
  listAuditRoute,
  getLintConfigRoute,
  updateLintConfigRoute,
  createClientRoute,
  listClientsRoute,
  getClientRoute,
  updateClientRoute,
  deleteClientRoute,
  publishOperationsRoute,
  listVariantClientVersionsRoute,
  listClientVersionsRoute,
  getClientVersionRoute,
  retireClientVersionRoute,
  getPersistedOperationsRoute,
  createTokenRoute,
  listTokensRoute,
  revokeTokenRoute,
  ingestUsageRoute,
  getFieldUsageRoute,
  getDeprecatedUsageRoute,
  getUnusedUsageRoute,
  getDenialsUsageRoute,
  getGraphUsageCheckSettingsRoute,
  updateGraphUsageCheckSettingsRoute,
  resetGraphUsageCheckSettingsRoute,
  getVariantUsageCheckSettingsRoute,
  updateVariantUsageCheckSettingsRoute,
  resetVariantUsageCheckSettingsRoute,
  getWhoAmIRoute,
  getUiConfigRoute,
  deleteGraphRoute,
  deleteVariantRoute,
  publishSubgraphsRoute,
  listRegistryAuditRoute,
  diffSupergraphVersionsRoute,
  getFieldUsageTimelineRoute,
  getUsageTimelinesRoute,
  serveDashboardIndexRoute,
  serveDashboardRoute,
  createWebhookRoute,
  listWebhooksRoute,
  deleteWebhookRoute,
  listDeliveriesRoute,
  testWebhookRoute,
];
