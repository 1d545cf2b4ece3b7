/**
 * Every error code the hub can answer: its own (`errors.ts`), the hub settings' (`INTROSPECTION_DISABLED`) and
 * those of each policy in the table. `docs/errors.md` lists them all (a test keeps it so); a code defined twice
 * is a programming error, refused here.
 */
import { hubErrorDefinitionsOf, type HubErrorDefinition } from '../policies/contract/hub-error.js';
import { HubSettingErrors } from '../policies/contract/hub-settings.js';
import type { PolicyTableEntry } from '../policies/contract/policy.js';
import { HubErrors } from './errors.js';
import { errorDefinitionsOf } from './pipeline/table-declarations.js';
import { policyTable } from './pipeline/table.js';

export function hubErrorDefinitions(
  table: readonly PolicyTableEntry[] = policyTable,
): readonly HubErrorDefinition[] {
  const all = [
    ...hubErrorDefinitionsOf(HubErrors),
    ...hubErrorDefinitionsOf(HubSettingErrors),
    ...errorDefinitionsOf(table),
  ];
  const seen = new Set<string>();
  for (const { code } of all) {
    if (seen.has(code)) throw new Error(`Error code ${code} is defined twice`);
    seen.add(code);
  }
  return all;
}
