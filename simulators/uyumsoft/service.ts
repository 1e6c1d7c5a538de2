/**
 * Uyumsoft e-Fatura WCF service (and, via its brand, CRS Soft's white label of it): `Integration`
 * with a WS-Security UsernameToken and `BasicIntegration` with a `userInfo` first parameter.
 * XmlSerializer style: result flags and list items are attributes; every answer, including auth
 * and business errors, is HTTP 200 `<{Op}Result IsSucceded Message>` with an optional `Value`: a
 * child element for objects and lists, an attribute of the result for scalars (booleans), as the
 * public SDK reads it (providers.md §2.2).
 */
import type { ProviderId } from '../../domain/providers.js';
import type { InvoiceHeader } from '../dataset/index.js';
import { passwordAccepted, type SimulatorContext } from '../context.js';
import { DateParamError, parseDateParam } from '../dates.js';
import { issueDateBounds, type InboxQuery } from '../inbox.js';
import { invoiceState, pageOf, taxTotal } from '../listing.js';
import { servedContent, unexpectedXsiType } from '../content.js';
import { envelope, envelopeBytes, TEMPURI_NS, usernameToken, xmlReply, type BodyPart, type SoapReply } from '../soap/envelope.js';
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

/** What an operation answers: nothing, a `Value` element (text or parts), or a scalar `Value` attribute. */
type OperationValue = string | BodyPart[] | { scalar: string } | undefined;

export function uyumsoftService(brand: UyumsoftBrand, ctx: SimulatorContext): SoapService {
  const operations: Record<string, (request: SoapRequest) => OperationValue> = {
    TestConnection: () => ({ scalar: 'true' }),
    GetInboxInvoiceList: (request) => inboxList(ctx, request),
    GetOutboxInvoiceList: (request) => emptyList(request),
    GetInboxInvoiceData: (request) => invoiceData(ctx, request),
    GetInboxInvoices: (request) => inboxInvoices(ctx, request),
    GetInboxInvoice: (request) => inboxInvoice(ctx, request),
    QueryInboxInvoiceStatus: (request) => invoiceStatuses(ctx, request),
    SetInvoicesTaken: (request) => setTaken(ctx, request),
    IsEInvoiceUser: (request) => {
      const user = isUser(ctx, firstArgument(request.operation));
      return user ? { scalar: 'true' } : brand.nonUserHasNoValue ? undefined : { scalar: 'false' };
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
function result(op: string, ok: boolean, message: string, value: OperationValue, fault?: string): SoapReply {
  const scalar = typeof value === 'object' && !Array.isArray(value) ? ` Value="${esc(value.scalar)}"` : '';
  const open = `<${op}Response xmlns="${TEMPURI_NS}"><${op}Result IsSucceded="${ok}" Message="${esc(message)}"${scalar}>`;
  const close = `</${op}Result></${op}Response>`;
  if (Array.isArray(value)) return xmlReply(envelopeBytes([open, ...value, close]), 200, fault);
  return xmlReply(envelope(open + (typeof value === 'string' ? value : '') + close), 200, fault);
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
 * An element with no items at all (`<InvoiceIds/>`) is no filter, as the public clients expect.
 */
function stringArray(element: XElement | undefined): string[] | undefined {
  if (!element || isNil(element) || element.children.length === 0) return undefined;
  return element.children.filter((c) => c.name === 'string' && c.ns === TEMPURI_NS).map((c) => c.text.trim());
}

function dateParam(query: XElement | undefined, name: string, bound: 'start' | 'end'): number | undefined {
  const text = childText(query, name, TEMPURI_NS);
  return text === undefined ? undefined : parseDateParam(name, text, bound);
}

interface InboxPage {
  pageIndex: number;
  pageSize: number;
  indices: number[];
  totalCount: number;
}

/** The page a list query (`GetInboxInvoiceList`, `GetInboxInvoices`) selects. */
function inboxPage(ctx: SimulatorContext, request: SoapRequest): InboxPage {
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
  return { pageIndex, pageSize, indices: pageOf(selection, pageIndex * pageSize, pageSize, duplicate), totalCount: selection.length };
}

function pagedValue(page: InboxPage, items: BodyPart[]): BodyPart[] {
  const totalPages = Math.ceil(page.totalCount / page.pageSize);
  return [`<Value PageIndex="${page.pageIndex}" PageSize="${page.pageSize}" TotalCount="${page.totalCount}" TotalPages="${totalPages}"><Items>`, ...items, '</Items></Value>'];
}

function inboxList(ctx: SimulatorContext, request: SoapRequest): BodyPart[] {
  const page = inboxPage(ctx, request);
  return pagedValue(page, page.indices.map((index) => listItem(ctx, ctx.inbox.header(index))));
}

function emptyList(request: SoapRequest): string {
  const query = child(request.operation, 'query', TEMPURI_NS);
  const pageSize = intAttr(query, 'PageSize', 0) || DEFAULT_PAGE_SIZE;
  return `<Value PageIndex="${intAttr(query, 'PageIndex', 0)}" PageSize="${pageSize}" TotalCount="0" TotalPages="0"><Items/></Value>`;
}

const statusAttributes = { approved: ['Approved', 1000], waiting: ['WaitingForAprovement', 1100], declined: ['Declined', 1200] } as const;
/** Type / TypeCode and InvoiceTipType / InvoiceTipTypeCode pairs (providers.md §2.5; the codes are the enum ordinals [I]). */
const invoiceTypes: Record<string, [string, number]> = { TEMELFATURA: ['BaseInvoice', 0], TICARIFATURA: ['ComercialInvoice', 1], IHRACAT: ['Export', 2] };
const tipTypes: Record<string, [string, number]> = { SATIS: ['Sales', 0], IADE: ['Return', 1], TEVKIFAT: ['Tax', 2], ISTISNA: ['Exception', 3], OZELMATRAH: ['SpecialBase', 4], IHRACKAYITLI: ['ExportRegistered', 5] };

function listItem(ctx: SimulatorContext, h: InvoiceHeader): string {
  const [status, statusCode] = statusAttributes[invoiceState(h)];
  const [type, typeCode] = invoiceTypes[h.profile] ?? ['BaseInvoice', 0];
  const [tipType, tipTypeCode] = tipTypes[h.typeCode] ?? ['Sales', 0];
  const isNew = !ctx.inbox.marked.has(h.index);
  const tax = taxTotal(h);
  // The header holds no per-rate split: the whole tax is reported at the standard 20 % rate [I].
  const vat = `Vat1="0" Vat8="0" Vat10="0" Vat18="0" Vat20="${tax}" Vat1TaxableAmount="0" Vat8TaxableAmount="0" Vat10TaxableAmount="0" Vat18TaxableAmount="0" Vat20TaxableAmount="${h.taxExclusiveAmount}"`;
  return `<InboxInvoiceListItem InvoiceId="${esc(h.ettn)}" DocumentId="${esc(h.number)}" Type="${type}" TypeCode="${typeCode}" InvoiceTipType="${tipType}" InvoiceTipTypeCode="${tipTypeCode}"` +
    ` TargetTcknVkn="${esc(h.supplier.vkn)}" TargetTitle="${esc(h.supplier.name)}" EnvelopeIdentifier="${envelopeId(h.index)}" Status="${status}" StatusCode="${statusCode}"` +
    ` EnvelopeStatus="CompletedSuccessfully" EnvelopeStatusCode="1300" Message="" CreateDateUtc="${h.arrivedAt}" ExecutionDate="${h.issueDate}T00:00:00" PayableAmount="${h.payableAmount}" TaxTotal="${tax}"` +
    ` TaxExclusiveAmount="${h.taxExclusiveAmount}" DocumentCurrencyCode="${esc(h.currency)}" ExchangeRate="${h.currency === 'TRY' ? '1' : '0'}" ${vat} OrderDocumentId=""` +
    ` IsArchived="false" IsNew="${isNew}" IsSeen="${!isNew}"/>`;
}

/** A stable GİB envelope UUID per invoice (synthetic, derived from the index). */
function envelopeId(index: number): string {
  return `e0e0e0e0-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
}

function invoiceIndex(ctx: SimulatorContext, request: SoapRequest): number {
  const id = childText(request.operation, 'invoiceId', TEMPURI_NS) ?? '';
  const index = ctx.inbox.find(id);
  if (index === undefined) throw new BusinessError(`Fatura bulunamadı: ${id}`);
  return index;
}

function invoiceData(ctx: SimulatorContext, request: SoapRequest): BodyPart[] {
  const index = invoiceIndex(ctx, request);
  const { header, xml } = ctx.inbox.document(index);
  const served = servedContent(ctx.plan, index, xml, header.ettn);
  return [`<Value${served.xsiType ? unexpectedXsiType('InvoiceDataV2') : ''}><Data>`, served.base64, '</Data></Value>'];
}

/**
 * `InvoiceInfo`: the UBL Invoice inline (XmlSerializer writes the object graph as UBL elements; the
 * simulator writes the signed document itself, without its XML declaration) [I: shape from the SDK's
 * types; that the inline UBL is byte-identical to the signed one is unverified]. Content faults with
 * an inline form apply: `empty` (no invoice), `html` (an HTML page inline), `xsiType`; the others are
 * faults of base64 content and do not exist inline.
 */
function invoiceInfo(ctx: SimulatorContext, index: number): string {
  const { header, xml: documentXml } = ctx.inbox.document(index);
  const xml = ctx.plan.servedXml(index, documentXml);
  const fault = ctx.plan.contentFault(index);
  const attrs = `LocalDocumentId="${esc(header.number)}" InvoiceId="${esc(header.ettn)}" CreateDateUtc="${header.arrivedAt}" Status="${statusAttributes[invoiceState(header)][0]}"`;
  if (fault === 'empty') return `<InvoiceInfo ${attrs}/>`;
  const ubl = fault === 'html' ? INLINE_HTML : xml.startsWith('<?xml') ? xml.slice(xml.indexOf('?>') + 2) : xml;
  return `<InvoiceInfo ${attrs}${fault === 'xsiType' ? unexpectedXsiType('InvoiceInfoV2') : ''}>${ubl}</InvoiceInfo>`;
}

const INLINE_HTML = '<html xmlns="http://www.w3.org/1999/xhtml"><body><h1>Beklenmeyen bir hata oluştu</h1></body></html>';

/** GetInboxInvoices: the list query, each item with its invoice (list and content in one call). */
function inboxInvoices(ctx: SimulatorContext, request: SoapRequest): BodyPart[] {
  const query = child(request.operation, 'query', TEMPURI_NS);
  const page = inboxPage(ctx, request);
  if (query?.attrs.SetTaken === 'true') for (const index of page.indices) ctx.inbox.marked.add(index);
  return pagedValue(page, page.indices.map((index) => invoiceInfo(ctx, index)));
}

function inboxInvoice(ctx: SimulatorContext, request: SoapRequest): string {
  return invoiceInfo(ctx, invoiceIndex(ctx, request)).replace(/^<InvoiceInfo[^>]*?(\/?)>/, '<Value$1>').replace(/<\/InvoiceInfo>$/, '</Value>');
}

/** QueryInboxInvoiceStatus(invoiceIds): one InvoiceStatusInfo per known id. */
function invoiceStatuses(ctx: SimulatorContext, request: SoapRequest): string {
  const items = (stringArray(child(request.operation, 'invoiceIds', TEMPURI_NS)) ?? []).flatMap((id) => {
    const index = ctx.inbox.find(id);
    if (index === undefined) return [];
    const h = ctx.inbox.header(index);
    const [status, statusCode] = statusAttributes[invoiceState(h)];
    return [`<InvoiceStatusInfo InvoiceId="${esc(h.ettn)}" DocumentId="${esc(h.number)}" Status="${status}" StatusCode="${statusCode}" EnvelopeStatus="CompletedSuccessfully" EnvelopeStatusCode="1300" Message=""/>`];
  });
  return `<Value>${items.join('')}</Value>`;
}

function setTaken(ctx: SimulatorContext, request: SoapRequest): OperationValue {
  for (const id of stringArray(child(request.operation, 'invoiceIds', TEMPURI_NS)) ?? []) {
    const index = ctx.inbox.find(id);
    if (index !== undefined) ctx.inbox.marked.add(index);
  }
  return { scalar: 'true' };
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
