/**
 * İşNet (NetteFatura) InvoiceService.svc, a WCF service with DataContract serialization
 * (providers.md §6): no password — a request is authorized when its source address and its
 * CompanyTaxCode form an allowed pair; SearchInvoice filters on invoice date only and pages with a
 * 1-based PagingRequest; the signed UBL is inline (base64) when ResultSet/IsXMLIncluded is true.
 * The SOAPAction must name `http://tempuri.org/IInvoiceService/{Op}`, quoted or not (WCF accepts both).
 *
 * Response member names follow the public TypeScript client (providers.md §6.2) and are published in
 * the WSDL: Result {ErrorCode, Invoices/Invoice*, IsSucceded, Message, PagingResponse {CurrentPage,
 * RecordsPerPage, TotalPages, TotalRecords}}; Invoice members are listed in members.ts; InvoiceXml is
 * base64 of the UBL XML. Also: HealthCheck (no request, no authorization) and GetDocumentViewerLink.
 */
import type { InvoiceHeader } from '../dataset/index.js';
import type { SimulatorContext } from '../context.js';
import { DateParamError, parseDateParam, turkeyDate } from '../dates.js';
import type { InboxQuery } from '../inbox.js';
import { invoiceState, pageOf } from '../listing.js';
import { servedContent, unexpectedXsiType } from '../content.js';
import { envelopeBytes, TEMPURI_NS, xmlReply, type BodyPart, type SoapReply } from '../soap/envelope.js';
import type { SoapRequest, SoapService } from '../soap/server.js';
import { wcfActionNotSupported, wcfBadRequest, wcfInternalFault } from '../soap/wcf.js';
import { esc, type XElement } from '../soap/xml.js';
import { readDataContract, writeDataContract } from './contract.js';
import { MODEL_NS, PAGING_MEMBERS, RESULT_SET_MEMBERS, SEARCH_ALL_MEMBERS, SEARCH_MEMBERS, VIEWER_LINK_MEMBERS } from './members.js';
import { isnetWsdl } from './wsdl.js';

const ISNET_PATH = '/invoiceservice/servicecontract/invoiceservice.svc';
const ACTION_PREFIX = 'http://tempuri.org/IInvoiceService/';
const DEFAULT_RECORDS_PER_PAGE = 10;
const MAX_RECORDS_PER_PAGE = 100;

/** ScenarioType values of the public client's enum → the UBL ProfileID they select [V3 names; I mapping]. */
const scenarioProfiles: Record<string, string> = { TEMEL: 'TEMELFATURA', TICARI: 'TICARIFATURA', IHRACAT: 'IHRACAT' };

class IsnetError extends Error {
  constructor(readonly code: number, message: string, readonly fault: string) {
    super(message);
  }
}

export function isnetService(ctx: SimulatorContext): SoapService {
  const searches: Record<string, readonly string[]> = { SearchInvoice: SEARCH_MEMBERS, SearchAllInvoice: SEARCH_ALL_MEMBERS };

  const result: ResultWriter = (op, inner, fault) => {
    const members = writeDataContract({
      ErrorCode: String(inner.code ?? 0),
      IsSucceded: String(inner.ok),
      Message: inner.message ? esc(inner.message) : null,
      ...(inner.members ?? { Invoices: null, PagingResponse: null }),
    });
    const open = `<${op}Response xmlns="${TEMPURI_NS}"><${op}Result xmlns:a="${MODEL_NS}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">`;
    return xmlReply(envelopeBytes([open, ...members, `</${op}Result></${op}Response>`]), 200, fault);
  };

  const operations: Record<string, (request: SoapRequest) => SoapReply> = {
    ...Object.fromEntries(Object.entries(searches).map(([op, members]) => [op, (request: SoapRequest) => search(ctx, request, members, result)])),
    GetDocumentViewerLink: (request) => viewerLink(ctx, request, result),
    HealthCheck: () => xmlReply(envelopeBytes([`<HealthCheckResponse xmlns="${TEMPURI_NS}"><HealthCheckResult>OK</HealthCheckResult></HealthCheckResponse>`])),
  };

  return {
    provider: 'isnet',
    endpoints: [ISNET_PATH],
    clientPath: '/InvoiceService/ServiceContract/InvoiceService.svc',
    wsdlQuery: 'singleWsdl',
    operationName: (operation) => operation.name,
    wsdl: (_endpoint, query, baseUrl) => (query === 'wsdl' || query === 'singlewsdl' ? isnetWsdl(`${baseUrl}/InvoiceService/ServiceContract/InvoiceService.svc`) : undefined),
    serverFault: (message) => wcfInternalFault(message),
    badRequest: (message) => wcfBadRequest(message),
    throttled: (request) => result(request.operationName, { ok: false, code: 429, message: 'Çok fazla istek gönderildi, lütfen daha sonra tekrar deneyiniz.' }, 'throttle'),
    handle(request) {
      const op = operations[request.operationName];
      const action = request.soapAction?.replace(/^"(.*)"$/, '$1');
      if (!op || request.operation.ns !== TEMPURI_NS || action !== `${ACTION_PREFIX}${request.operationName}`) {
        return wcfActionNotSupported(request.soapAction ?? '');
      }
      try {
        return op(request);
      } catch (error) {
        if (error instanceof IsnetError) return result(request.operationName, { ok: false, code: error.code, message: error.message }, error.fault);
        if (error instanceof DateParamError) return result(request.operationName, { ok: false, code: 400, message: `Tarih formatı hatalı: ${error.field}` }, 'businessError');
        throw error;
      }
    },
  };
}

/** The `request` DataContract of an operation, members read as WCF reads them. */
function requestFields(request: SoapRequest, members: readonly string[]): Map<string, XElement> {
  const requestElement = request.operation.children.find((c) => c.name === 'request' && c.ns === TEMPURI_NS);
  return readDataContract(requestElement, members, MODEL_NS);
}

/** Throws unless the request comes from an allowed address for the customer's VKN. */
function authorize(ctx: SimulatorContext, request: SoapRequest, vkn: string | undefined): void {
  if (ctx.plan.spec.wrongCredentials || vkn !== ctx.customer.vkn || !ctx.credentials.allowedAddresses.includes(request.remoteAddress)) {
    throw new IsnetError(401, `Yetkisiz erişim: ${request.remoteAddress} adresi ${vkn ?? '(boş)'} vergi numarası için tanımlı değil.`, 'authFailed');
  }
}

/** GetDocumentViewerLink: portal links keyed per invoice [V3 names; I: key and paths]. */
function viewerLink(ctx: SimulatorContext, request: SoapRequest, result: ResultWriter): SoapReply {
  const fields = requestFields(request, VIEWER_LINK_MEMBERS);
  authorize(ctx, request, fields.get('CompanyTaxCode')?.text.trim());
  const ettn = fields.get('Ettn')?.text.trim() ?? '';
  const index = ctx.inbox.find(ettn);
  if (index === undefined) throw new IsnetError(404, `Belge bulunamadı: ${ettn}`, 'businessError');
  const key = Buffer.from(`${ctx.customer.vkn}:${ctx.inbox.header(index).ettn}`).toString('base64url');
  return result(request.operationName, {
    ok: true,
    members: { HtmlUrl: `/DocumentViewer/Show?key=${key}`, PdfUrl: `/DocumentViewer/DownloadPdf?key=${key}` },
  });
}

/** A Result: its flag and message, plus the operation's own members (default: no invoices, no paging). */
type ResultWriter = (op: string, inner: { ok: boolean; code?: number; message?: string; members?: Record<string, string | BodyPart[] | null> }, fault?: string) => SoapReply;

function search(ctx: SimulatorContext, request: SoapRequest, members: readonly string[], result: ResultWriter): SoapReply {
  const fields = requestFields(request, members);
  const text = (name: string) => fields.get(name)?.text.trim() || undefined;
  authorize(ctx, request, text('CompanyTaxCode'));
  const paging = readDataContract(fields.get('PagingRequest'), PAGING_MEMBERS, MODEL_NS);
  const resultSet = readDataContract(fields.get('ResultSet'), RESULT_SET_MEMBERS, MODEL_NS);
  const pageNumber = Math.max(1, intValue(paging.get('PageNumber')?.text, 1));
  const perPage = Math.min(MAX_RECORDS_PER_PAGE, Math.max(1, intValue(paging.get('RecordsPerPage')?.text, DEFAULT_RECORDS_PER_PAGE)));
  const withXml = resultSet.get('IsXMLIncluded')?.text.trim() === 'true';

  const direction = text('InvoiceDirection') ?? 'Incoming';
  const receiver = text('ReceiverTaxCode');
  const empty = direction !== 'Incoming' || (receiver !== undefined && receiver !== ctx.customer.vkn);
  const minDate = text('MinInvoiceDate');
  const maxDate = text('MaxInvoiceDate');
  const ettn = text('ETTN');
  const query: InboxQuery = {
    ...(minDate ? { issuedFrom: turkeyDate(parseDateParam('MinInvoiceDate', minDate, 'start')) } : {}),
    ...(maxDate ? { issuedTo: turkeyDate(parseDateParam('MaxInvoiceDate', maxDate, 'end')) } : {}),
    ...(ettn ? { ettns: [ettn] } : {}),
  };
  const number = text('InvoiceNumber');
  const scenario = text('ScenarioType');
  const profile = scenario === undefined ? undefined : (scenarioProfiles[scenario] ?? scenario);
  let selection = empty ? new Int32Array(0) : ctx.inbox.visible(ctx.inbox.select(query));
  if (number !== undefined || profile !== undefined) {
    selection = selection.filter((index) => {
      const header = ctx.inbox.header(index);
      return (number === undefined || header.number === number) && (profile === undefined || header.profile === profile);
    });
  }

  const duplicate = ctx.plan.hits(ctx.plan.spec.duplicates, request.operationName, request.tick);
  const invoices = pageOf(selection, (pageNumber - 1) * perPage, perPage, duplicate).flatMap((index) => invoiceElement(ctx, index, withXml));
  const pagingResponse = writeDataContract({
    CurrentPage: String(pageNumber),
    RecordsPerPage: String(perPage),
    TotalPages: String(Math.ceil(selection.length / perPage)),
    TotalRecords: String(selection.length),
  });
  return result(request.operationName, { ok: true, members: { Invoices: invoices, PagingResponse: pagingResponse } });
}

function intValue(text: string | undefined, fallback: number): number {
  const trimmed = text?.trim();
  if (!trimmed) return fallback;
  if (!/^-?\d+$/.test(trimmed)) throw new IsnetError(400, `Sayı bekleniyordu: ${trimmed}`, 'businessError');
  return Number(trimmed);
}

const statuses = { approved: 'Onaylandi', waiting: 'Onay_Bekliyor', declined: 'Reddedildi' } as const;

function invoiceElement(ctx: SimulatorContext, index: number, withXml: boolean): BodyPart[] {
  let h: InvoiceHeader;
  let xml: BodyPart[] | null = null;
  let xsiType = '';
  if (withXml) {
    const document = ctx.inbox.document(index);
    h = document.header;
    const served = servedContent(ctx.plan, index, document.xml, h.ettn);
    xml = [served.base64];
    if (served.xsiType) xsiType = unexpectedXsiType('a:InvoiceV2');
  } else {
    h = ctx.inbox.header(index);
  }
  return [`<a:Invoice${xsiType}>`, ...writeDataContract({
    CurrencyCode: esc(h.currency),
    DetailStatus: 'Basariyla_Tamamlandi',
    ETTN: h.ettn,
    InvoiceDate: `${h.issueDate}T00:00:00`,
    InvoiceNumber: esc(h.number),
    InvoiceType: esc(h.typeCode),
    InvoiceXml: xml,
    PayableAmount: h.payableAmount,
    ProfileId: esc(h.profile),
    ReceiverTaxCode: esc(h.customer.vkn),
    ReceiverTitle: esc(h.customer.name),
    ScenarioType: esc(h.profile),
    SenderTaxCode: esc(h.supplier.vkn),
    SenderTitle: esc(h.supplier.name),
    Status: statuses[invoiceState(h)],
    TaxExclusiveAmount: h.taxExclusiveAmount,
    TaxInclusiveAmount: h.taxInclusiveAmount,
  }), '</a:Invoice>'];
}
