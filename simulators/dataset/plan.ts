import { providerIds, type ProviderId } from '../../domain/providers.js';
import { DatasetSpec, DatasetSpecError } from './spec.js';
import { seedKey } from './random.js';

/**
 * e-Arşiv invoices addressed to the organization: one for every EARSIV_PER_INBOX inbox invoices.
 * They never reach the inbox API (providers.md §1.1), so they live at indices
 * [invoices, invoices + earsivCount) with their own arrival sequence (the e-mail they came by).
 */
export const EARSIV_PER_INBOX = 25;

/** Everything derived once from a spec; cached per spec object (specs are treated as immutable). */
export interface DatasetPlan {
  spec: DatasetSpec;
  provider: ProviderId;
  providerNo: number;
  key: number;
  /** Arrivals are whole seconds in [fromSec, toSec). */
  fromSec: number;
  spanSec: number;
  inboxCount: number;
  earsivCount: number;
}

const plans = new WeakMap<DatasetSpec, DatasetPlan>();

export function planFor(spec: DatasetSpec): DatasetPlan {
  const cached = plans.get(spec);
  if (cached) return cached;
  const parsed = DatasetSpec.safeParse(spec);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DatasetSpecError(`invalid dataset spec: ${issue?.message ?? 'unknown'}`, {
      provider: String(spec.provider),
      field: issue?.path.join('.'),
    });
  }
  const fromSec = Math.ceil(Date.parse(spec.from) / 1000);
  const spanSec = Math.ceil(Date.parse(spec.to) / 1000) - fromSec;
  if (spec.invoices > 0 && spanSec <= 0) {
    throw new DatasetSpecError('arrival window must contain at least one whole second', { provider: spec.provider, field: 'to' });
  }
  const plan: DatasetPlan = {
    spec,
    provider: spec.provider,
    providerNo: providerIds.indexOf(spec.provider),
    key: seedKey(spec.seed),
    fromSec,
    spanSec,
    inboxCount: spec.invoices,
    earsivCount: Math.floor(spec.invoices / EARSIV_PER_INBOX),
  };
  plans.set(spec, plan);
  return plan;
}

/** Total indices with a document: inbox invoices first, then e-Arşiv ones. */
export const documentCount = (plan: DatasetPlan): number => plan.inboxCount + plan.earsivCount;

export const isEarsivIndex = (plan: DatasetPlan, index: number): boolean => index >= plan.inboxCount;

export function assertIndex(plan: DatasetPlan, index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= documentCount(plan)) {
    throw new DatasetSpecError(`invoice index ${index} outside 0..${documentCount(plan) - 1}`, { provider: plan.provider, index });
  }
}

/** Number of e-Arşiv invoices addressed to the organization besides the inbox ones. */
export function earsivCount(spec: DatasetSpec): number {
  return planFor(spec).earsivCount;
}
