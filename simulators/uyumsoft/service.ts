/**
 * Uyumsoft e-Fatura WCF service (and, via its brand, CRS Soft's white label of it): `Integration`
 * with a WS-Security UsernameToken and `BasicIntegration` with a `userInfo` first parameter.
 * XmlSerializer style: result flags and list items are attributes; every answer, including auth
 * and business errors, is HTTP 200 `<{Op}Result IsSucceded Message>` with an optional `Value`.
 */
import type { ProviderId } from '../../domain/providers.js';
import type { InvoiceHeader } from '../dataset/index.js';
import { passwordAccepted, type SimulatorContext } from '../context.js';
import { DateParamError, parseDateParam } from '../dates.js';
import { issueDateBounds, type InboxQuery } from '../inbox.js';
import { invoiceState, pageOf, taxTotal } from '../listing.js';
import { base64Part, envelope, envelopeBytes, TEMPURI_NS, usernameToken, xmlReply, type BodyPart, type SoapReply } from '../soap/envelope.js';
import type { SoapRequest, SoapService } from '../soap/server.js';
import { wcfActionNotSupported, wcfBadRequest, wcfInternalFault } from '../soap/wcf.js';
import { child, childText, esc, isNil, type XElement } from '../soap/xml.js';
import { uyumsoftWsdl } from './wsdl.js';

/** What differs between Uyumsoft and a white label of its platform. */
export interface UyumsoftBrand {
  provider: Extract<ProviderId, 'uyumsoft' | 'crs'>;
  /** Shown in the WSDL and in alias URNs. */
  serviceName: string;
  domain: string;
  /** CRS: a VKN that is not an e-invoice user gets IsSucceded=true with no Value (Uyumsoft: Value false / empty). */
  nonUserHasNoValue: boolean;
}

export const INTEGRATION_PATH = '/services/integration';
export const BASIC_INTEGRATION_PATH = '/services/basicintegration';
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

class BusinessError extends Error {}

export function uyumsoftService(brand: UyumsoftBrand, ctx: SimulatorContext): SoapService {
  const operations: Record<string, (request: SoapRequest) => string | BodyPart[] | undefined> = {
    GetInboxInvoiceList: (request) => inboxList(ctx, request),
    GetOutboxInvoiceList: (request) => emptyList(request),
    GetInboxInvoiceData: (request) => invoiceData(ctx, request),
    SetInvoicesTaken: (request) => setTaken(ctx, request),
    IsEInvoiceUser: (request) => {
      const user = isUser(ctx, firstArgument(request.operation));
      return user ? '<Value>true</Value>' : brand.nonUserHasNoValue ? undefined : '<Value>false</Value>';
    },
    GetUserAliasses: (request) => {
      const vkn = firstArgument(request.operation);
      if (!isUser(ctx, vkn)) return brand.nonUserHasNoValue ? undefined : '<Value/>';
      return `<Value><ReceiverboxAliases Alias="urn:mail:defaultpk@${esc(vkn ?? '')}.${brand.domain}"/></Value>`;
    },
  };

  return {
    provider: brand.provider,
    endpoints: [INTEGRATION_PATH, BASIC_INTEGRATION_PATH],
    clientPath: '/Services/Integration',
    wsdlQuery: 'singleWsdl',
    operationName: (operation) => operation.name,
    wsdl: (endpoint, query, baseUrl) =>
      query === 'wsdl' || query === 'singlewsdl' ? uyumsoftWsdl(brand, `${baseUrl}${endpoint === INTEGRATION_PATH ? '/Services/Integration' : '/Services/BasicIntegration'}`) : undefined,
    serverFault: (message) => wcfInternalFault(message),
    badRequest: (message) => wcfBadRequest(message),
    throttled: (request) => result(request.operationName, false, 'İstek limiti aşıldı, lütfen daha sonra tekrar deneyiniz. (Rate limit exceeded)', undefined, 'throttle'),
    handle(request) {
      const op = operations[request.operationName];
      if (!op || request.operation.ns !== TEMPURI_NS) return wcfActionNotSupported(request.soapAction ?? request.operationName);
      const user = request.path === INTEGRATION_PATH ? usernameToken(request.header) : userInfo(request.operation);
      if (!user || !passwordAccepted(ctx, user.username, user.password)) {
        return result(request.operationName, false, 'Unauthorized: Kullanıcı adı veya şifre hatalı. (Authentication failed)', undefined, 'authFailed');
      }
      try {
        return result(request.operationName, true, '', op(request));
      } catch (error) {
        if (error instanceof BusinessError || error instanceof DateParamError) return result(request.operationName, false, error.message, undefined, 'businessError');
        throw error;
      }
    },
  };
}

/** The result envelope; a value in parts (base64 content as bytes) is assembled as bytes. */
function result(op: string, ok: boolean, message: string, value: string | BodyPart[] | undefined, fault?: string): SoapReply {
  const open = `<${op}Response xmlns="${TEMPURI_NS}"><${op}Result IsSucceded="${ok}" Message="${esc(message)}">`;
  const close = `</${op}Result></${op}Response>`;
  if (Array.isArray(value)) return xmlReply(envelopeBytes([open, ...value, close]), 200, fault);
  return xmlReply(envelope(open + (value ?? '') + close), 200, fault);
}

function userInfo(operation: XElement): { username: string; password: string } | undefined {
  const info = child(operation, 'userInfo', TEMPURI_NS);
  return info ? { username: info.attrs.Username ?? '', password: info.attrs.Password ?? '' } : undefined;
}

/** Text of the first parameter after `userInfo` (IsEInvoiceUser / GetUserAliasses take a VKN there). */
function firstArgument(operation: XElement): string | undefined {
  return operation.children.find((c) => c.name !== 'userInfo')?.text.trim();
}

function isUser(ctx: SimulatorContext, vkn: string | undefined): boolean {
  return vkn !== undefined && (vkn === ctx.customer.vkn || ctx.inbox.suppliers.has(vkn));
}

/**
 * `ArrayOfString` as XmlSerializer reads it: only `<string>` items in http://tempuri.org/ count;
 * items in another namespace (e.g. the MS arrays one) are silently skipped, so the list is empty.
 */
function stringArray(element: XElement | undefined): string[] | undefined {
  if (!element || isNil(element)) return undefined;
  return element.children.filter((c) => c.name === 'string' && c.ns === TEMPURI_NS).map((c) => c.text.trim());
}

function dateParam(query: XElement | undefined, name: string, bound: 'start' | 'end'): number | undefined {
  const text = childText(query, name, TEMPURI_NS);
  return text === undefined ? undefined : parseDateParam(name, text, bound);
}

function inboxList(ctx: SimulatorContext, request: SoapRequest): string {
  const query = child(request.operation, 'query', TEMPURI_NS);
  const pageIndex = intAttr(query, 'PageIndex', 0);
  const requestedSize = intAttr(query, 'PageSize', 0);
  const pageSize = Math.min(requestedSize <= 0 ? DEFAULT_PAGE_SIZE : requestedSize, MAX_PAGE_SIZE);
  const ettns = stringArray(child(query, 'InvoiceIds', TEMPURI_NS));
  const filter: InboxQuery = {
    ...issueDateBounds(dateParam(query, 'ExecutionStartDate', 'start'), dateParam(query, 'ExecutionEndDate', 'end')),
    ...optional('arrivedFrom', dateParam(query, 'CreateStartDate', 'start')),
    ...optional('arrivedTo', dateParam(query, 'CreateEndDate', 'end')),
    ...(ettns ? { ettns } : {}),
  };
  const selection = ctx.inbox.visible(ctx.inbox.select(filter), { unmarkedOnly: query?.attrs.OnlyNewestInvoices === 'true' });
  const duplicate = ctx.plan.hits(ctx.plan.spec.duplicates, request.operationName, request.tick);
  const items = pageOf(selection, pageIndex * pageSize, pageSize, duplicate).map((index) => listItem(ctx, ctx.inbox.header(index))).join('');
  const totalPages = Math.ceil(selection.length / pageSize);
  return `<Value PageIndex="${pageIndex}" PageSize="${pageSize}" TotalCount="${selection.length}" TotalPages="${totalPages}"><Items>${items}</Items></Value>`;
}

function emptyList(request: SoapRequest): string {
  const query = child(request.operation, 'query', TEMPURI_NS);
  const pageSize = intAttr(query, 'PageSize', 0) || DEFAULT_PAGE_SIZE;
  return `<Value PageIndex="${intAttr(query, 'PageIndex', 0)}" PageSize="${pageSize}" TotalCount="0" TotalPages="0"><Items/></Value>`;
}

const statusAttributes = { approved: ['Approved', 1000], waiting: ['WaitingForAprovement', 1100], declined: ['Declined', 1200] } as const;
const invoiceTypes: Record<string, string> = { TEMELFATURA: 'BaseInvoice', TICARIFATURA: 'ComercialInvoice', IHRACAT: 'Export' };
const tipTypes: Record<string, string> = { SATIS: 'Sales', IADE: 'Return', TEVKIFAT: 'Tax', ISTISNA: 'Exception', OZELMATRAH: 'SpecialBase', IHRACKAYITLI: 'ExportRegistered' };

function listItem(ctx: SimulatorContext, h: InvoiceHeader): string {
  const [status, statusCode] = statusAttributes[invoiceState(h)];
  const isNew = !ctx.inbox.marked.has(h.index);
  return `<InboxInvoiceListItem InvoiceId="${esc(h.ettn)}" DocumentId="${esc(h.number)}" Type="${invoiceTypes[h.profile] ?? 'BaseInvoice'}" InvoiceTipType="${tipTypes[h.typeCode] ?? 'Sales'}"` +
    ` TargetTcknVkn="${esc(h.supplier.vkn)}" TargetTitle="${esc(h.supplier.name)}" EnvelopeIdentifier="${envelopeId(h.index)}" Status="${status}" StatusCode="${statusCode}"` +
    ` EnvelopeStatus="CompletedSuccessfully" CreateDateUtc="${h.arrivedAt}" ExecutionDate="${h.issueDate}T00:00:00" PayableAmount="${h.payableAmount}" TaxTotal="${taxTotal(h)}"` +
    ` TaxExclusiveAmount="${h.taxExclusiveAmount}" DocumentCurrencyCode="${esc(h.currency)}" IsArchived="false" IsNew="${isNew}" IsSeen="${!isNew}"/>`;
}

/** A stable GİB envelope UUID per invoice (synthetic, derived from the index). */
function envelopeId(index: number): string {
  return `e0e0e0e0-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
}

function invoiceData(ctx: SimulatorContext, request: SoapRequest): BodyPart[] {
  const id = childText(request.operation, 'invoiceId', TEMPURI_NS) ?? '';
  const index = ctx.inbox.find(id);
  if (index === undefined) throw new BusinessError(`Fatura bulunamadı: ${id}`);
  return ['<Value><Data>', base64Part(ctx.inbox.document(index).xml), '</Data></Value>'];
}

function setTaken(ctx: SimulatorContext, request: SoapRequest): string {
  for (const id of stringArray(child(request.operation, 'invoiceIds', TEMPURI_NS)) ?? []) {
    const index = ctx.inbox.find(id);
    if (index !== undefined) ctx.inbox.marked.add(index);
  }
  return '<Value>true</Value>';
}

function intAttr(element: XElement | undefined, name: string, fallback: number): number {
  const raw = element?.attrs[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw)) throw new BusinessError(`${name} geçersiz: ${raw}`);
  return Number(raw);
}

function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}
