import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'data/**', 'build/**'],
    globalSetup: ['test/global-setup.ts'],
    // A hang guard, not a speed check: tests that spawn CLI processes or servers take 25 s and more on a loaded machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
