/**
 * The import boundaries fail lint (eslint.config.js): a policy importing the hub or another policy, the hub
 * importing a policy outside the table, the contract or lib/ importing the hub, and import cycles. The files
 * are linted as text at the paths they would have (type-aware rules off: only the import rules matter here).
 */
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({
  cwd: new URL('../..', import.meta.url).pathname,
  overrideConfig: [{ files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked }],
});

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId?.startsWith('import-x/'))
    .map((message) => `${message.ruleId}: ${message.message}`);
}

describe('import boundaries', () => {
  it('refuse a policy importing the hub or another policy', async () => {
    const errors = await importErrors(
      'policies/auth/probe.ts',
      "import { HubErrors } from '../../hub/errors.js';\nimport { fieldAuthzPolicy } from '../field-authz/index.js';\nexport const probe = [HubErrors, fieldAuthzPolicy];\n",
    );
    expect(errors).toEqual([
      expect.stringMatching(/no-restricted-paths: .*not the hub/),
      expect.stringMatching(/no-restricted-paths: .*not another policy/),
    ]);
  });

  it('refuse the hub importing a policy anywhere but the table, and allow the contract', async () => {
    const code =
      "import { authPolicy } from '../../policies/auth/index.js';\nimport { definePolicy } from '../../policies/contract/policy.js';\nexport const probe = [authPolicy, definePolicy];\n";
    expect(await importErrors('hub/pipeline/probe.ts', code)).toEqual([
      expect.stringMatching(/no-restricted-paths: Unexpected path "..\/..\/policies\/auth\/index.js".*table/),
    ]);
    expect(await importErrors('hub/pipeline/table.ts', code)).toEqual([]);
  });

  it('refuse the contract and lib/ importing the hub or a policy', async () => {
    expect(
      await importErrors('policies/contract/probe.ts', "export { HubErrors } from '../../hub/errors.js';\n"),
    ).not.toEqual([]);
    expect(
      await importErrors('lib/probe.ts', "export { definePolicy } from '../policies/contract/policy.js';\n"),
    ).toEqual([expect.stringMatching(/lib\/ imports nothing of the project/)]);
  });

  it('refuse an import cycle', async () => {
    // hub/errors.ts imports the contract; a contract file importing it back closes a cycle (and a boundary).
    const errors = await importErrors(
      'policies/contract/hub-error.ts',
      "export { HubErrors } from '../../hub/errors.js';\n",
    );
    expect(errors).toContainEqual(expect.stringMatching(/no-cycle/));
  });
});
