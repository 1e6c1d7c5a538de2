/**
 * Provider simulators: local HTTP servers speaking each provider's real SOAP protocol over the
 * deterministic dataset (simulators/dataset), with deterministic fault injection. Built from
 * docs/reference/providers.md independently of extractors/ (no code is shared with them).
 *
 * Endpoints (`url`, on 127.0.0.1, what a customer would paste into the client):
 *   edm       …/EFaturaEDM/EFaturaEDM.svc                          wsdl: ?singleWsdl (also ?wsdl)
 *   qnb       …/connector/ws/connectorService  (+ …/connector/ws/userService for wsLogin)   wsdl: ?wsdl
 *   uyumsoft  …/Services/Integration (WS-Security) and …/Services/BasicIntegration (userInfo)  wsdl: ?singleWsdl (also ?wsdl)
 *   crs       same paths as uyumsoft (the same platform, CRS brand)
 *   isnet     …/InvoiceService/ServiceContract/InvoiceService.svc  wsdl: ?singleWsdl (also ?wsdl)
 *
 * Credentials: `{ username, password }` for edm/qnb/uyumsoft/crs; `{ vkn }` for isnet, which
 * authorizes requests from 127.0.0.1 / ::1 carrying that CompanyTaxCode.
 *
 * Operations (providers.md §2-§6; unknown operations get the platform's own fault):
 *   uyumsoft/crs  TestConnection, GetInboxInvoiceList, GetOutboxInvoiceList (always empty), GetInboxInvoiceData,
 *                 GetInboxInvoices, GetInboxInvoice, QueryInboxInvoiceStatus, SetInvoicesTaken, IsEInvoiceUser,
 *                 GetUserAliasses
 *   edm           Login, Logout, GetInvoice, MarkInvoice, CheckUser, CheckCounter, GetInvoiceStatus
 *   qnb           userService (csap namespace, connector one accepted): wsLogin, logout; connectorService:
 *                 gelenBelgeleriListele(Ext), gelenBelgeleriAl(Ext), gelenBelgeleriIndir(Ext), belgelerAlindi,
 *                 gidenBelgeleriListele (empty)
 *   isnet         SearchInvoice, SearchAllInvoice, GetDocumentViewerLink, HealthCheck (names: isnet/members.ts)
 *
 * Dates: values without an offset are Turkey time (+03:00); date-only upper bounds include the whole
 * day; all bounds are inclusive. Issue-date filters match the UBL IssueDate; creation/arrival filters
 * match the dataset's arrivedAt. Only inbox invoices are served (never the dataset's e-Arşiv ones).
 *
 * Every request lands in `calls` (operation, HTTP status, injected fault, flattened parameters), so
 * tests can prove a client never called MarkInvoice / belgelerAlindi / SetInvoicesTaken. Marking
 * operations really change state (READ_INCLUDED=false, OnlyNewestInvoices, IsNew, belgelerAlindiMi).
 * The fault plan (FaultSpec, grammar in faults.ts) is deterministic and replaceable at runtime; its
 * `content` faults break the content of chosen invoices wherever it is served (content.ts).
 *
 * Late arrivals and re-issues behave as in a real inbox (relisting.ts): a late invoice, when it becomes
 * visible, and a re-issued one (revision 2, same ETTN, right after its first serving) are listed as
 * arrived at that moment of the simulator clock (never before the dataset's last arrival + 1 s) with the
 * provider's next record number after the dataset's: EDM CDATE and TRXID, QNB gelisTarihi /
 * faturaGelisTarihi and belgeSiraNo (the cursor finds them after the last one read), Uyumsoft/CRS
 * CreateDateUtc and the Create* filters. Their issue date stays, so İşNet, which lists by invoice date
 * only, shows them on that old date.
 */
import { providerIds, type ProviderId } from '../domain/providers.js';
import { DatasetSpec } from './dataset/index.js';
import type { DemoCredentials, SimulatorContext } from './context.js';
import { crsBrand } from './crs/index.js';
import { edmService } from './edm/service.js';
import { FaultPlan, type FaultSpecInput } from './faults.js';
import { Inbox } from './inbox.js';
import { isnetService } from './isnet/service.js';
import { qnbService } from './qnb/service.js';
import { startSoapServer, type RecordedCall, type SoapService } from './soap/server.js';
import { uyumsoftBrand, uyumsoftService } from './uyumsoft/index.js';

export { FaultSpec, CallSelector, parseFaultSpec, FaultSpecError, type FaultSpecInput } from './faults.js';
export type { RecordedCall } from './soap/server.js';
export type { DemoCredentials } from './context.js';
export { DatasetSpec } from './dataset/index.js';

export interface SimulatorOptions {
  dataset: DatasetSpec;
  faults?: FaultSpecInput;
  /** Port on 127.0.0.1; default 0 (ephemeral). */
  port?: number;
  credentials?: Partial<DemoCredentials>;
  /**
   * Epoch-ms clock: when given, invoices appear in the inbox only once they have arrived, and login
   * sessions expire by its time (tests move it instead of sleeping).
   */
  clock?: () => number;
}

export interface RunningSimulator {
  provider: ProviderId;
  /** Base URL of the SOAP endpoint a client is configured with. */
  url: string;
  wsdlUrl: string;
  /** `{ username, password }` for edm/uyumsoft/crs; plus `vkn` for qnb; `{ vkn }` for isnet. */
  credentials: Record<string, string>;
  /** The dataset this simulator serves (for writeManifest). */
  dataset: DatasetSpec;
  /** Every request received, in order. */
  calls: RecordedCall[];
  /** Replaces the fault plan and restarts its call counters. */
  setFaults(faults: FaultSpecInput): void;
  close(): Promise<void>;
}

const services: Record<ProviderId, (ctx: SimulatorContext) => SoapService> = {
  edm: edmService,
  qnb: qnbService,
  uyumsoft: (ctx) => uyumsoftService(uyumsoftBrand, ctx),
  crs: (ctx) => uyumsoftService(crsBrand, ctx),
  isnet: isnetService,
};

/** What a client configures: İşNet authorizes by VKN alone; QNB's list calls also name the company VKN. */
function clientCredentials(provider: ProviderId, demo: DemoCredentials, vkn: string): Record<string, string> {
  if (provider === 'isnet') return { vkn };
  const login = { username: demo.username, password: demo.password };
  return provider === 'qnb' ? { ...login, vkn } : login;
}

export class SimulatorConfigError extends Error {
  override name = 'SimulatorConfigError';
}

export async function startSimulator(provider: ProviderId, options: SimulatorOptions): Promise<RunningSimulator> {
  const valid = DatasetSpec.safeParse(options.dataset);
  if (!valid.success) throw new SimulatorConfigError(`invalid dataset spec for ${provider}: ${valid.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  if (options.dataset.provider !== provider) {
    throw new SimulatorConfigError(`dataset spec is for provider "${options.dataset.provider}", not "${provider}"`);
  }
  const plan = new FaultPlan(options.faults);
  const credentials: DemoCredentials = {
    username: `demo-${provider}`,
    password: `demo-${provider}-pass`,
    allowedAddresses: ['127.0.0.1', '::1'],
    ...options.credentials,
  };
  const ctx: SimulatorContext = { inbox: new Inbox(options.dataset, plan, options.clock), plan, credentials, customer: options.dataset.customer, now: options.clock ?? Date.now };
  const service = services[provider](ctx);
  const calls: RecordedCall[] = [];
  const server = await startSoapServer(service, plan, calls, options.port ?? 0);
  const url = server.baseUrl + service.clientPath;
  return {
    provider,
    url,
    wsdlUrl: `${url}?${service.wsdlQuery}`,
    credentials: clientCredentials(provider, credentials, options.dataset.customer.vkn),
    dataset: options.dataset,
    calls,
    setFaults: (faults) => plan.replace(faults),
    close: () => server.close(),
  };
}

export interface AllSimulatorsOptions {
  seed: number;
  invoices: number;
  from: string;
  to: string;
  customer: { vkn: string; name: string };
  faults?: Partial<Record<ProviderId, FaultSpecInput>>;
  clock?: () => number;
}

/** Starts the five simulators on ephemeral loopback ports, each with its own dataset of the same size. */
export async function startAllSimulators(options: AllSimulatorsOptions): Promise<RunningSimulator[]> {
  const started = await Promise.allSettled(
    providerIds.map((provider) => {
      const dataset: DatasetSpec = { seed: options.seed, provider, invoices: options.invoices, from: options.from, to: options.to, customer: options.customer };
      const faults = options.faults?.[provider];
      return startSimulator(provider, { dataset, ...(faults ? { faults } : {}), ...(options.clock ? { clock: options.clock } : {}) });
    }),
  );
  const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(running.map((s) => s.close()));
    throw failed.reason;
  }
  return running;
}
