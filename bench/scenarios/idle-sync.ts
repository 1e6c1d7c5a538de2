/**
 * The daily sync that finds nothing new: after a backfill, a second sync re-reads the overlap (48 h),
 * finds every document already stored and writes nothing. Target: under 1 second (reported against it).
 */
import { syncIntegration } from '../../pipelines/sync.js';
import { withBenchDatabase } from '../database.js';
import { withBackfill } from '../pipeline.js';
import { round, withBaseline, type BenchResult, type BenchScenario } from '../result.js';

const ROUNDS = 5;

export const scenario: BenchScenario = {
  name: 'idle-sync',
  description: 'a sync that finds nothing new after a backfill, seconds (best and worst of 5) against the 1 s target',
  defaultSize: 5_000,
  run: ({ size }) =>
    withBenchDatabase((database) =>
      withBackfill(database, 'edm', size, async ({ deps, integrationId }): Promise<BenchResult[]> => {
        const seconds: number[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          const started = performance.now();
          const idle = await syncIntegration(deps, { integrationId, trigger: 'schedule', performedBy: 'bench' });
          seconds.push((performance.now() - started) / 1000);
          if (idle.status !== 'succeeded' || idle.totals.invoicesNew + idle.totals.invoicesUpdated > 0) throw new Error(`idle sync was not idle: ${idle.status}`);
        }
        return [
          withBaseline({ scenario: 'idle-sync', metric: 'seconds_best', value: round(Math.min(...seconds), 3), unit: 's', size }, 1),
          withBaseline({ scenario: 'idle-sync', metric: 'seconds_worst', value: round(Math.max(...seconds), 3), unit: 's', size }, 1),
        ];
      }),
    ),
};
