/**
 * İşNet (NetteFatura) InvoiceService.svc, a WCF service with DataContract serialization
 * (providers.md §6): no password — a request is authorized when its source address and its
 * CompanyTaxCode form an allowed pair; SearchInvoice filters on invoice date only and pages with a
 * 1-based PagingRequest; the signed UBL is inline (base64) when ResultSet/IsXMLIncluded is true.
 * The SOAPAction must be the exact quoted `"http://tempuri.org/IInvoiceService/{Op}"`.
 *
 * Response member names (unverified for the real service, see providers.md §9) are the simulator's
 * and published in its WSDL: Result {ErrorCode, ErrorMessage, Invoices/Invoice*, IsSucceeded,
 * PagingResponse {CurrentPage, RecordsPerPage, TotalPageCount, TotalRecordCount}}; Invoice members
 * are listed in members.ts; XmlContent is base64 of the UBL XML.
 */
import type { InvoiceHeader } from '../dataset/index.js';
import type { SimulatorContext } from '../context.js';
import { DateParamError, parseDateParam, turkeyDate } from '../dates.js';
import type { InboxQuery } from '../inbox.js';
import { invoiceState, pageOf } from '../listing.js';
import { base64Part, envelopeBytes, TEMPURI_NS, xmlReply, type BodyPart, type SoapReply } from '../soap/envelope.js';
import type { SoapRequest, SoapService } from '../soap/server.js';
import { wcfActionNotSupported, wcfBadRequest, wcfInternalFault } from '../soap/wcf.js';
import { esc } from '../soap/xml.js';
import { readDataContract, writeDataContract } from './contract.js';
import { MODEL_NS, PAGING_MEMBERS, RESULT_SET_MEMBERS, SEARCH_ALL_MEMBERS, SEARCH_MEMBERS } from './members.js';
import { isnetWsdl } from './wsdl.js';

const ISNET_PATH = '/invoiceservice/servicecontract/invoiceservice.svc';
const ACTION_PREFIX = 'http://tempuri.org/IInvoiceService/';
const DEFAULT_RECORDS_PER_PAGE = 10;
const MAX_RECORDS_PER_PAGE = 100;


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
      ErrorMessage: inner.message ? esc(inner.message) : null,
      Invoices: inner.invoices ?? null,
      IsSucceeded: String(inner.ok),
      PagingResponse: inner.paging ?? null,
    });
    const open = `<${op}Response xmlns="${TEMPURI_NS}"><${op}Result xmlns:a="${MODEL_NS}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">`;
    return xmlReply(envelopeBytes([open, ...members, `</${op}Result></${op}Response>`]), 200, fault);
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
      const members = searches[request.operationName];
      const expectedAction = `"${ACTION_PREFIX}${request.operationName}"`;
      if (!members || request.operation.ns !== TEMPURI_NS || request.soapAction !== expectedAction) {
        return wcfActionNotSupported(request.soapAction ?? '');
      }
      try {
        return search(ctx, request, members, result);
      } catch (error) {
        if (error instanceof IsnetError) return result(request.operationName, { ok: false, code: error.code, message: error.message }, error.fault);
        if (error instanceof DateParamError) return result(request.operationName, { ok: false, code: 400, message: `Tarih formatı hatalı: ${error.field}` }, 'businessError');
        throw error;
      }
    },
  };
}

type ResultWriter = (op: string, inner: { ok: boolean; code?: number; message?: string; invoices?: BodyPart[]; paging?: BodyPart[] }, fault?: string) => SoapReply;

function search(ctx: SimulatorContext, request: SoapRequest, members: readonly string[], result: ResultWriter): SoapReply {
  const requestElement = request.operation.children.find((c) => c.name === 'request' && c.ns === TEMPURI_NS);
  const fields = readDataContract(requestElement, members, MODEL_NS);
  const text = (name: string) => fields.get(name)?.text.trim() || undefined;

  const vkn = text('CompanyTaxCode');
  if (ctx.plan.spec.wrongCredentials || vkn !== ctx.customer.vkn || !ctx.credentials.allowedAddresses.includes(request.remoteAddress)) {
    throw new IsnetError(401, `Yetkisiz erişim: ${request.remoteAddress} adresi ${vkn ?? '(boş)'} vergi numarası için tanımlı değil.`, 'authFailed');
  }
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
  let selection = empty ? new Int32Array(0) : ctx.inbox.visible(ctx.inbox.select(query));
  if (number !== undefined) selection = selection.filter((index) => ctx.inbox.header(index).number === number);

  const duplicate = ctx.plan.hits(ctx.plan.spec.duplicates, request.operationName, request.tick);
  const invoices = pageOf(selection, (pageNumber - 1) * perPage, perPage, duplicate).flatMap((index) => invoiceElement(ctx, index, withXml));
  const pagingResponse = writeDataContract({
    CurrentPage: String(pageNumber),
    RecordsPerPage: String(perPage),
    TotalPageCount: String(Math.ceil(selection.length / perPage)),
    TotalRecordCount: String(selection.length),
  });
  return result(request.operationName, { ok: true, invoices, paging: pagingResponse });
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
  if (withXml) {
    const document = ctx.inbox.document(index);
    h = document.header;
    xml = [base64Part(document.xml)];
  } else {
    h = ctx.inbox.header(index);
  }
  return ['<a:Invoice>', ...writeDataContract({
    CurrencyCode: esc(h.currency),
    DetailStatus: 'Basariyla_Tamamlandi',
    ETTN: h.ettn,
    InvoiceDate: `${h.issueDate}T00:00:00`,
    InvoiceNumber: esc(h.number),
    InvoiceType: esc(h.typeCode),
    PayableAmount: h.payableAmount,
    ProfileId: esc(h.profile),
    ReceiverTaxCode: esc(h.customer.vkn),
    ReceiverTitle: esc(h.customer.name),
    SenderTaxCode: esc(h.supplier.vkn),
    SenderTitle: esc(h.supplier.name),
    Status: statuses[invoiceState(h)],
    TaxExclusiveAmount: h.taxExclusiveAmount,
    TaxInclusiveAmount: h.taxInclusiveAmount,
    XmlContent: xml,
  }), '</a:Invoice>'];
}
