/**
 * The demo inboxes `npm start` serves: a fixed, deterministic dataset per provider (the same ETTNs and
 * content after every restart) over a long window, with the simulators' clock set to real time, so
 * about two years of invoices are there at first start and new ones keep arriving every day.
 */
import { startAllSimulators, type RunningSimulator } from './index.js';

export const DEMO_DATASET = {
  seed: 2026,
  from: '2024-11-01T00:00:00Z',
  to: '2030-11-01T00:00:00Z',
  /** Per provider over the six-year window: about 1,250 a year, 3–4 a day. */
  invoices: 7_500,
} as const;

export async function startDemoSimulators(customer: { vkn: string; name: string }, clock: () => number = Date.now): Promise<RunningSimulator[]> {
  return startAllSimulators({ ...DEMO_DATASET, customer, clock });
}
