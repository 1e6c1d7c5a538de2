/**
 * EDM Bilişim `EFaturaEDM` WCF service (providers.md §4): Login → SESSION_ID carried in every
 * REQUEST_HEADER; GetInvoice with INVOICE_SEARCH_KEY (no paging: LIMIT rows from the start of the
 * window, in creation order); CONTENT zipped unless COMPRESSED=N; errors are SOAP faults whose
 * detail is REQUEST_ERRORType. Body children are accepted unqualified or tempuri-qualified.
 */
import type { InvoiceHeader } from '../dataset/index.js';
import { servedContent, unexpectedXsiType } from '../content.js';
import { passwordAccepted, type SimulatorContext } from '../context.js';
import { DateParamError, parseDateParam, turkeyDateTime } from '../dates.js';
import { issueDateBounds, type InboxQuery } from '../inbox.js';
import { invoiceState } from '../listing.js';
import { Sessions } from '../sessions.js';
import { envelope, envelopeBytes, faultElement, TEMPURI_NS, xmlReply, type BodyPart, type SoapReply } from '../soap/envelope.js';
import type { SoapRequest, SoapService } from '../soap/server.js';
import { wcfActionNotSupported, wcfBadRequest, wcfInternalFault } from '../soap/wcf.js';
import { child, childrenNamed, childText, esc, type XElement } from '../soap/xml.js';
import { edmWsdl } from './wsdl.js';

const EDM_PATH = '/efaturaedm/efaturaedm.svc';
/** Either form working clients send (providers.md §4.1). */
const NS = ['', TEMPURI_NS] as const;

/** ERROR_CODE values. 10011 is from third-party EDM code; the others are the simulator's own (real ones unknown). */
const EdmErrorCode = { sessionNotFound: 10011, badCredentials: 10002, throttled: 10050, invalidRequest: 10001, server: 10000 } as const;
const DEFAULT_SESSION_TTL_SECONDS = 20 * 60;
const DEFAULT_LIMIT = 10;
const MAX_LIMIT_WITH_CONTENT = 100;
const MAX_LIMIT_HEADER_ONLY = 25_000;

class EdmFault extends Error {
  constructor(readonly code: number, message: string, readonly fault: string, readonly longMessage = message) {
    super(message);
  }
}

/** A field of the REQUEST_HEADER every operation carries. */
function headerText(operation: XElement | undefined, name: string): string | undefined {
  return childText(child(operation, 'REQUEST_HEADER', NS), name, NS);
}

export function edmService(ctx: SimulatorContext): SoapService {
  const sessions = new Sessions(ctx.plan, DEFAULT_SESSION_TTL_SECONDS, ctx.now);
  let transaction = 0;

  const fault = (error: EdmFault, request?: SoapRequest): SoapReply => {
    const clientTxn = headerText(request?.operation, 'CLIENT_TXN_ID') ?? '';
    const detail = `<tem:REQUEST_ERRORType xmlns:tem="${TEMPURI_NS}"><ERROR_CODE>${error.code}</ERROR_CODE><ERROR_SHORT_DES>${esc(error.message)}</ERROR_SHORT_DES>` +
      `<ERROR_LONG_DES>${esc(error.longMessage)}</ERROR_LONG_DES><CLIENT_TXN_ID>${esc(clientTxn)}</CLIENT_TXN_ID><INTL_TXN_ID>${++transaction}</INTL_TXN_ID></tem:REQUEST_ERRORType>`;
    return xmlReply(envelope(faultElement('s', 'Server', error.message, detail, true)), 500, error.fault);
  };

  const requestReturn = (request: SoapRequest) =>
    `<REQUEST_RETURN><RETURN_CODE>0</RETURN_CODE><INTL_TXN_ID>${++transaction}</INTL_TXN_ID><CLIENT_TXN_ID>${esc(headerText(request.operation, 'CLIENT_TXN_ID') ?? '')}</CLIENT_TXN_ID></REQUEST_RETURN>`;

  /** Validates the session of a request; a session dies after its TTL idle or after `afterCalls` uses. */
  const requireSession = (request: SoapRequest): void => {
    if (!sessions.use(headerText(request.operation, 'SESSION_ID') ?? '')) {
      throw new EdmFault(EdmErrorCode.sessionNotFound, 'Aktif Session bulunamadi', 'sessionExpired', 'Oturum süresi dolmuş veya geçersiz. Lütfen tekrar giriş yapınız.');
    }
  };

  const operations: Record<string, (request: SoapRequest) => string | BodyPart[]> = {
    Login(request) {
      if (!passwordAccepted(ctx, childText(request.operation, 'USER_NAME', NS), childText(request.operation, 'PASSWORD', NS))) {
        throw new EdmFault(EdmErrorCode.badCredentials, 'Kullanici adi veya sifre hatali', 'authFailed');
      }
      return `${requestReturn(request)}<SESSION_ID>${sessions.open()}</SESSION_ID>`;
    },
    Logout(request) {
      requireSession(request);
      sessions.close(headerText(request.operation, 'SESSION_ID') ?? '');
      return requestReturn(request);
    },
    GetInvoice(request) {
      requireSession(request);
      return getInvoice(ctx, request);
    },
    MarkInvoice(request) {
      requireSession(request);
      const mark = child(request.operation, 'MARK', NS);
      const read = (mark?.attrs.value ?? childText(mark, 'value', NS)) !== 'UNREAD';
      for (const invoice of childrenNamed(mark, 'INVOICE', NS)) {
        const index = ctx.inbox.find(invoice.attrs.UUID ?? childText(invoice, 'UUID', NS) ?? '');
        if (index === undefined) continue;
        if (read) ctx.inbox.marked.add(index);
        else ctx.inbox.marked.delete(index);
      }
      return requestReturn(request);
    },
    CheckUser(request) {
      requireSession(request);
      const vkn = childText(child(request.operation, 'USER', NS), 'IDENTIFIER', NS) ?? '';
      const title = vkn === ctx.customer.vkn ? ctx.customer.name : ctx.inbox.suppliers.get(vkn);
      if (title === undefined) return '';
      return (['GB', 'PK'] as const)
        .map((unit) => `<USER><IDENTIFIER>${esc(vkn)}</IDENTIFIER><ALIAS>urn:mail:default${unit.toLowerCase()}@edmbilisim.com.tr</ALIAS><TITLE>${esc(title)}</TITLE><TYPE>OZEL</TYPE><UNIT>${unit}</UNIT><REGISTER_TIME>2019-01-01T00:00:00+03:00</REGISTER_TIME></USER>`)
        .join('');
    },
    CheckCounter(request) {
      requireSession(request);
      return '<COUNTER_LEFT>100000</COUNTER_LEFT>';
    },
    GetInvoiceStatus(request) {
      requireSession(request);
      const invoice = child(request.operation, 'INVOICE', NS);
      const index = ctx.inbox.find(invoice?.attrs.UUID ?? childText(invoice, 'UUID', NS) ?? '');
      if (index === undefined) throw new EdmFault(EdmErrorCode.invalidRequest, 'Fatura bulunamadi', 'businessError');
      const h = ctx.inbox.header(index);
      const [status, description] = statusOf(h);
      return `<INVOICE_STATUS><UUID>${h.ettn}</UUID><ID>${esc(h.number)}</ID><STATUS>${status}</STATUS><STATUS_DESCRIPTION>${description}</STATUS_DESCRIPTION><GIB_STATUS_CODE>1300</GIB_STATUS_CODE><GIB_STATUS_DESCRIPTION>BASARIYLA TAMAMLANDI</GIB_STATUS_DESCRIPTION><CDATE>${turkeyDateTime(Date.parse(h.arrivedAt))}</CDATE></INVOICE_STATUS>`;
    },
  };

  return {
    provider: 'edm',
    endpoints: [EDM_PATH],
    clientPath: '/EFaturaEDM/EFaturaEDM.svc',
    wsdlQuery: 'singleWsdl',
    operationName: (operation) => operation.name.replace(/Request$/, ''),
    wsdl: (_endpoint, query, baseUrl) => (query === 'wsdl' || query === 'singlewsdl' ? edmWsdl(`${baseUrl}/EFaturaEDM/EFaturaEDM.svc`) : undefined),
    serverFault: (message) => wcfInternalFault(message),
    badRequest: (message) => wcfBadRequest(message),
    throttled: (request) => fault(new EdmFault(EdmErrorCode.throttled, 'Cok fazla istek gonderildi, lutfen daha sonra tekrar deneyiniz', 'throttle'), request),
    handle(request) {
      const op = operations[request.operationName];
      if (!op || request.operation.ns !== TEMPURI_NS) return wcfActionNotSupported(request.soapAction ?? request.operation.name);
      try {
        const name = `tem:${request.operationName}Response`;
        return xmlReply(envelopeBytes([`<${name} xmlns:tem="${TEMPURI_NS}">`, ...[op(request)].flat(), `</${name}>`]));
      } catch (error) {
        if (error instanceof EdmFault) return fault(error, request);
        if (error instanceof DateParamError) return fault(new EdmFault(EdmErrorCode.invalidRequest, `Gecersiz tarih: ${error.field}`, 'businessError', error.message), request);
        throw error;
      }
    },
  };
}

function getInvoice(ctx: SimulatorContext, request: SoapRequest): BodyPart[] {
  const op = request.operation;
  const key = child(op, 'INVOICE_SEARCH_KEY', NS);
  const headerOnly = childText(op, 'HEADER_ONLY', NS) === 'Y';
  const compressed = headerText(op, 'COMPRESSED') !== 'N';
  const direction = childText(key, 'DIRECTION', NS) ?? 'IN';
  if (direction !== 'IN') return [];
  const limitText = childText(key, 'LIMIT', NS);
  const requested = limitText === undefined ? DEFAULT_LIMIT : Number(limitText);
  if (!Number.isInteger(requested) || requested < 0) throw new EdmFault(EdmErrorCode.invalidRequest, `Gecersiz LIMIT: ${limitText}`, 'businessError');
  const limit = Math.min(requested, headerOnly ? MAX_LIMIT_HEADER_ONLY : MAX_LIMIT_WITH_CONTENT);
  const date = (name: string, bound: 'start' | 'end') => {
    const text = childText(key, name, NS);
    return text === undefined ? undefined : parseDateParam(name, text, bound);
  };
  const uuid = childText(key, 'UUID', NS);
  const query: InboxQuery = {
    ...issueDateBounds(date('START_DATE', 'start'), date('END_DATE', 'end')),
    ...(uuid ? { ettns: [uuid] } : {}),
  };
  const crStart = date('CR_START_DATE', 'start');
  const crEnd = date('CR_END_DATE', 'end');
  if (crStart !== undefined) query.arrivedFrom = crStart;
  if (crEnd !== undefined) query.arrivedTo = crEnd;
  const id = childText(key, 'ID', NS);
  const selection = ctx.inbox.visible(ctx.inbox.select(query), { unmarkedOnly: childText(key, 'READ_INCLUDED', NS) !== 'true' });
  const picked: number[] = [];
  for (const index of selection) {
    if (picked.length >= limit) break;
    if (id === undefined || ctx.inbox.header(index).number === id) picked.push(index);
  }
  // Duplicates fault: the invoice recorded just before the window is served again (a boundary overlap).
  const first = picked[0];
  const before = first === undefined ? 0 : ctx.inbox.recordOf(first);
  if (first !== undefined && before > 0 && before === first && ctx.plan.hits(ctx.plan.spec.duplicates, request.operationName, request.tick) && !ctx.plan.isHidden(first - 1)) picked.unshift(first - 1);
  return picked.flatMap((index) => invoiceElement(ctx, index, headerOnly, compressed));
}

function statusOf(h: InvoiceHeader): [string, string] {
  switch (invoiceState(h)) {
    case 'declined': return ['REJECTED - SUCCEED', 'REDDEDILDI'];
    case 'waiting': return ['SEND - WAIT_APPLICATION_RESPONSE', 'YANIT BEKLENIYOR'];
    default: return h.profile === 'TICARIFATURA' ? ['ACCEPTED - SUCCEED', 'KABUL EDILDI'] : ['SEND - SUCCEED', 'BASARIYLA ILETILDI'];
  }
}

function invoiceElement(ctx: SimulatorContext, index: number, headerOnly: boolean, compressed: boolean): BodyPart[] {
  let h: InvoiceHeader;
  let content: BodyPart[] = [];
  let xsiType = '';
  if (headerOnly) {
    h = ctx.inbox.header(index);
  } else {
    const document = ctx.inbox.document(index);
    h = document.header;
    const served = servedContent(ctx.plan, index, document.xml, h.ettn, compressed);
    if (served.xsiType) xsiType = unexpectedXsiType('INVOICE_V2');
    content = [
      `<CONTENT xmlns:xmlmime="http://www.w3.org/2005/05/xmlmime" xmlmime:contentType="${compressed ? 'application/zip' : 'application/xml'}">`,
      served.base64,
      '</CONTENT>',
    ];
  }
  const [status, description] = statusOf(h);
  const marked = ctx.inbox.marked.has(index);
  const head = `<INVOICE TRXID="${trxId(ctx.inbox.recordOf(index))}" UUID="${h.ettn}" ID="${esc(h.number)}"${xsiType}><HEADER><SENDER>${esc(h.supplier.vkn)}</SENDER><RECEIVER>${esc(h.customer.vkn)}</RECEIVER>` +
    `<SUPPLIER>${esc(h.supplier.name)}</SUPPLIER><CUSTOMER>${esc(h.customer.name)}</CUSTOMER><ISSUE_DATE>${h.issueDate}</ISSUE_DATE>` +
    `<PAYABLE_AMOUNT currencyID="${esc(h.currency)}">${h.payableAmount}</PAYABLE_AMOUNT><FROM>urn:mail:defaultgb@${esc(h.supplier.vkn)}.com.tr</FROM>` +
    `<TO>urn:mail:defaultpk@${esc(h.customer.vkn)}.com.tr</TO><PROFILEID>${esc(h.profile)}</PROFILEID><INVOICE_TYPE>${esc(h.typeCode)}</INVOICE_TYPE>` +
    `<STATUS>${status}</STATUS><STATUS_DESCRIPTION>${description}</STATUS_DESCRIPTION><GIB_STATUS_CODE>1300</GIB_STATUS_CODE><GIB_STATUS_DESCRIPTION>BASARIYLA TAMAMLANDI</GIB_STATUS_DESCRIPTION>` +
    `<CDATE>${turkeyDateTime(Date.parse(h.arrivedAt))}</CDATE><ENVELOPE_IDENTIFIER>${envelopeId(index)}</ENVELOPE_IDENTIFIER><DIRECTION>IN</DIRECTION>` +
    `<EARCHIVE>false</EARCHIVE><INTERNETSALES>false</INTERNETSALES><ISACTIVE>true</ISACTIVE><MARKED>${marked}</MARKED></HEADER>`;
  return [head, ...content, '</INVOICE>'];
}

/** EDM's transaction id of an inbox record (xs:long): a late or re-issued invoice is a new record (relisting.ts). */
function trxId(record: number): number {
  return 7_000_000 + record * 3;
}

function envelopeId(index: number): string {
  return `ed0e0000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
}

