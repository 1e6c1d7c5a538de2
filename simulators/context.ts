/** What a provider service is built from: its inbox, the live fault plan and the demo tenant. */
import type { FaultPlan } from './faults.js';
import type { Inbox } from './inbox.js';

/**
 * Demo tenant credentials. Username/password serve EDM, QNB, Uyumsoft and CRS; İşNet has no
 * password and authorizes (source address, VKN) pairs: `allowedAddresses` × the customer VKN.
 */
export interface DemoCredentials {
  username: string;
  password: string;
  allowedAddresses: string[];
}

export interface SimulatorContext {
  inbox: Inbox;
  plan: FaultPlan;
  credentials: DemoCredentials;
  customer: { vkn: string; name: string };
  /** Epoch-ms "now" of the simulator (session idle time): the configured clock, else the real one. */
  now: () => number;
}

/** Whether a username/password pair opens the demo tenant under the current fault plan. */
export function passwordAccepted(ctx: SimulatorContext, username: string | undefined, password: string | undefined): boolean {
  return !ctx.plan.spec.wrongCredentials && username === ctx.credentials.username && password === ctx.credentials.password;
}
