/**
 * Server-side login sessions shared by the session-based simulators (EDM, QNB): a session dies after
 * its TTL idle or after the fault plan's `afterCalls` uses, and an expired one is forgotten. Idle time
 * is read from the simulator's clock, so a test moves a fake clock past the TTL instead of sleeping.
 */
import { randomUUID } from 'node:crypto';
import type { FaultPlan } from './faults.js';

interface Session { lastUsed: number; uses: number }

export class Sessions {
  private readonly sessions = new Map<string, Session>();

  /**
   * `defaultTtlSeconds` applies unless the fault plan sets its own TTL; `now` is the simulator's epoch-ms
   * clock; `newId` shapes the provider's id.
   */
  constructor(
    private readonly plan: FaultPlan,
    private readonly defaultTtlSeconds: number,
    private readonly now: () => number,
    private readonly newId: () => string = randomUUID,
  ) {}

  open(): string {
    const id = this.newId();
    this.sessions.set(id, { lastUsed: this.now(), uses: 0 });
    return id;
  }

  /** Counts one use of a live session; false (and the session forgotten) when it is unknown or expired. */
  use(id: string): boolean {
    const session = this.sessions.get(id);
    const expiry = this.plan.spec.sessionExpiry;
    const now = this.now();
    if (!session || now - session.lastUsed > (expiry?.ttlSeconds ?? this.defaultTtlSeconds) * 1000 || (expiry?.afterCalls !== undefined && session.uses >= expiry.afterCalls)) {
      this.sessions.delete(id);
      return false;
    }
    session.lastUsed = now;
    session.uses++;
    return true;
  }

  close(id: string): void {
    this.sessions.delete(id);
  }
}
