import { describe, expect, it } from 'vitest';
import { invoiceHeader, type DatasetSpec } from './dataset/index.js';
import { FaultPlan } from './faults.js';
import { Inbox } from './inbox.js';

const spec: DatasetSpec = {
  seed: 7, provider: 'uyumsoft', invoices: 200, from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z',
  customer: { vkn: '1234567803', name: 'Demo A.Ş.' },
};

describe('Inbox with a clock', () => {
  it('holds only invoices that have arrived by now, and more as time passes', () => {
    let now = Date.parse('2026-01-31T00:00:00Z');
    const inbox = new Inbox(spec, new FaultPlan(), () => now);
    const all = { arrivedFrom: Date.parse(spec.from), arrivedTo: Date.parse(spec.to) };

    const january = inbox.select(all);
    expect(january.length).toBeGreaterThan(50);
    expect(january.length).toBeLessThan(200);
    for (const index of january) expect(Date.parse(invoiceHeader(spec, index).arrivedAt)).toBeLessThanOrEqual(now);
    const next = invoiceHeader(spec, january.length);
    expect(Date.parse(next.arrivedAt)).toBeGreaterThan(now);
    // Not yet arrived: not listed, and not findable by its ETTN either.
    expect(inbox.find(next.ettn)).toBeUndefined();

    now = Date.parse(next.arrivedAt);
    const later = inbox.select(all); // the same (cached) query sees the new arrival
    expect(later.length).toBe(january.length + 1);
    expect(inbox.find(next.ettn)).toBe(january.length);

    now = Date.parse('2027-01-01T00:00:00Z');
    expect(inbox.select(all).length).toBe(200);
  });

  it('without a clock serves the whole dataset', () => {
    const inbox = new Inbox(spec, new FaultPlan());
    expect(inbox.select({ arrivedFrom: Date.parse(spec.from), arrivedTo: Date.parse(spec.to) }).length).toBe(200);
  });
});

describe('Inbox relisting (late arrivals)', () => {
  it('lists late invoices after the dataset\'s last arrival + 1 s when the clock is earlier, sharing that second, in record order', () => {
    let now = Date.parse('2026-02-01T00:00:00Z');
    const plan = new FaultPlan({ late: { every: 50, offset: 1, untilCall: 1 } });
    const inbox = new Inbox(spec, plan, () => now);
    const all = {};
    const before = inbox.select(all);
    plan.tick('GetInboxInvoiceList');
    const due = [...before].filter((i) => i % 50 === 1);
    expect(due.length).toBeGreaterThan(0);
    // Arrived, but listed after the dataset's last invoice: not in the inbox until the clock gets there.
    expect([...inbox.select(all)]).toEqual([...before].filter((i) => i % 50 !== 1));
    const last = Date.parse(invoiceHeader(spec, 199).arrivedAt);
    now = last + 1_000;
    const later = inbox.select(all);
    expect([...later.slice(-due.length)]).toEqual(due);
    expect(due.map((i) => inbox.header(i).arrivedAt)).toEqual(due.map(() => new Date(last + 1_000).toISOString()));
    expect(due.map((i) => inbox.recordOf(i))).toEqual(due.map((_, k) => 200 + k));
    // Late invoices not yet due when the fault's call came arrive at their dataset time, in place.
    expect(later.length).toBe(200);
  });
});
