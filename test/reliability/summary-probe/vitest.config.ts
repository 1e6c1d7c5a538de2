/** A suite of one probe file, run by summary-line.test.ts to see the summary decide the exit code. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/reliability/summary-probe/*.probe.ts'],
    globalSetup: ['test/global-setup.ts'],
  },
});
