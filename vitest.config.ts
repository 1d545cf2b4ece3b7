import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One graphql module instance for the code under test and every Apollo package: without the alias
    // vitest may load the ESM and CJS builds side by side and graphql-js refuses schemas from "another
    // module or realm".
    alias: { graphql: require.resolve('graphql/index.js') },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Deadline tests force garbage collections (test/helpers/gc.ts) to prove that no timeout is lost to one.
    execArgv: ['--expose-gc'],
  },
});
