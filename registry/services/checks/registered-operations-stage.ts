import type { ReportBrokenOperation } from '../../checks/check-report.js';
import { compareNames } from '../../names.js';
import { loadRegisteredOperations } from '../persisted-operations.js';
import type { CheckStage, CheckState } from './check-state.js';

/**
 * Reads the documents of the variant's active client versions (retired versions, and clients without a record, do
 * not count) for the schema analysis, which validates them against the current and the proposed API schema.
 */
export const loadRegisteredOperationsStage: CheckStage = {
  name: 'registered-operations',
  async run(state: CheckState) {
    if (state.base.variantId === null) return 'continue';
    state.registeredOperations = await loadRegisteredOperations(state.db, state.base.variantId);
    return 'continue';
  },
};

/**
 * Attributes the operations the analysis found broken to every active client version that registered them. Each
 * one fails the check as breaking, even when the diff alone would call the change dangerous.
 */
export const brokenOperationsStage: CheckStage = {
  name: 'broken-operations',
  run(state: CheckState) {
    const broken = state.analysis?.analysis.brokenOperations ?? [];
    const registered = state.registeredOperations;
    if (!registered || registered.documents.length === 0) return Promise.resolve('continue');
    const findings: ReportBrokenOperation[] = [];
    for (const operation of broken) {
      for (const user of registered.users.get(operation.id) ?? []) {
        findings.push({
          client: user.client,
          clientVersion: user.version,
          operationId: operation.id,
          operationName: user.name,
          severity: 'breaking',
          errors: operation.errors,
        });
      }
    }
    findings.sort(
      (a, b) =>
        compareNames(a.client, b.client) ||
        compareNames(a.clientVersion, b.clientVersion) ||
        compareNames(a.operationName ?? '', b.operationName ?? '') ||
        compareNames(a.operationId, b.operationId),
    );
    state.brokenOperations = findings;
    return Promise.resolve('continue');
  },
};
