// @ts-check
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * Imports run one way (docs/policies.md, STYLE.md): `lib/` imports nothing of the project; the policy contract
 * (`policies/contract/`) imports only `lib/`; a policy imports only `lib/`, the contract and its own folder; the
 * hub imports the contract, and only `hub/pipeline/table.ts` imports the policies; the registry imports neither
 * the hub, the policies nor the CLI; the CLI (`cli/`) sits on top and may import them all. A wrong import fails lint, and so does an import cycle.
 */
const POLICY_FOLDERS = readdirSync(join(import.meta.dirname, 'policies'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'contract')
  .map((entry) => entry.name);

const PROJECT = [
  './cli',
  './hub',
  './policies',
  './registry',
  './dev',
  './scripts',
  './bench',
  './subgraphs-example',
];

/** @type {{ target: string | string[]; from: string | string[]; except?: string[]; message: string }[]} */
const BOUNDARIES = [
  { target: './lib', from: PROJECT, message: 'lib/ imports nothing of the project.' },
  {
    target: './policies/contract',
    from: PROJECT.filter((folder) => folder !== './policies'),
    message: 'The policy contract imports nothing of hub/ (only lib/).',
  },
  {
    target: './policies/contract',
    from: './policies',
    except: ['./contract'],
    message: 'The policy contract imports no policy.',
  },
  ...POLICY_FOLDERS.map((name) => ({
    target: `./policies/${name}`,
    from: './policies',
    except: ['./contract', `./${name}`],
    message: `A policy imports only lib/, the contract and its own folder: not another policy.`,
  })),
  {
    target: './policies',
    from: PROJECT.filter((folder) => folder !== './policies'),
    message: 'A policy imports only lib/, the contract and its own folder: not the hub.',
  },
  {
    target: './registry',
    from: ['./hub', './policies', './cli'],
    message:
      'The registry imports neither the hub, the policies nor the CLI (the CLI starts a registry, not the reverse).',
  },
  {
    target: ['./hub', './policies'],
    from: ['./cli', './registry'],
    message: 'The hub and the policies import neither the CLI nor the registry: they talk to it over HTTP.',
  },
];

/** Only the table assembles the policies: the hub imports the contract, never a policy. */
const HUB_IMPORTS_NO_POLICY = {
  target: './hub',
  from: './policies',
  except: ['./contract'],
  message: 'Only hub/pipeline/table.ts imports policies; the rest of the hub imports the contract.',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.atrium/**',
      'coverage/**',
      'bin/**',
      'bench/peers/node_modules/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensionAlias: { '.js': ['.ts', '.js'] } })],
      // So that no-cycle follows imports into TypeScript files.
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: [...BOUNDARIES, HUB_IMPORTS_NO_POLICY] }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // The dashboard (a browser app, its own tsconfig): the hooks rules, and it imports nothing of the project: it
    // talks to the registry over HTTP only.
    files: ['dashboard/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks, 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.js'], extensionAlias: { '.js': ['.ts', '.js'] } }),
      ],
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // About React Compiler's memoisation, which this build does not use (TanStack Virtual trips it).
      'react-hooks/incompatible-library': 'off',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './dashboard',
              from: ['./lib', './test', ...PROJECT],
              message: 'The dashboard imports nothing of the project: it talks to the registry over HTTP.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['hub/pipeline/table.ts'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: BOUNDARIES }] },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
