/**
 * QNB e-Solutions (eFinans) CS connector, a JAX-WS (Metro) service (providers.md §5): WS-Security
 * UsernameToken on every call, or userService.wsLogin setting the CSAPSESSIONID cookie. Incoming
 * documents page by the belgeSiraNo cursor, at most 100 per call, and an empty page omits `return`.
 * Errors are SOAP faults with `detail/ns2:Exception/message`; body children are unqualified.
 * userService answers in `http://service.csap.cs.com.tr/` (what public clients send wsLogin in) and,
 * for older generated clients, in the connector namespace too: the reply uses the request's namespace.
 */
import { randomUUID } from 'node:crypto';
import { zipSync } from 'fflate';
import type { InvoiceHeader } from '../dataset/index.js';
import { servedContent } from '../content.js';
import { passwordAccepted, type SimulatorContext } from '../context.js';
import { compactDate, DateParamError, parseDateParam, turkeyDateTime } from '../dates.js';
import { issueDateBounds, type InboxQuery, type Visibility } from '../inbox.js';
import { lowerBound, pageOf } from '../listing.js';
import { Sessions } from '../sessions.js';
import { envelope, envelopeBytes, faultElement, usernameToken, xmlReply, type BodyPart, type SoapReply } from '../soap/envelope.js';
import type { SoapRequest, SoapService } from '../soap/server.js';
import { child, childrenNamed, childText, esc, type XElement } from '../soap/xml.js';
import { QNB_CONNECTOR_NS as QNB_NS, QNB_USER_NS, qnbWsdl } from './wsdl.js';

const CONNECTOR_PATH = '/connector/ws/connectorservice';
const USER_PATH = '/connector/ws/userservice';
const SESSION_COOKIE = 'CSAPSESSIONID';
const PAGE_LIMIT = 100;
const DEFAULT_SESSION_TTL_SECONDS = 30 * 60;

class QnbFault extends Error {
  constructor(message: string, readonly fault: string) {
    super(message);
  }
}

/**
 * belgeSiraNo of an inbox record (relisting.ts: a late or re-issued invoice takes the next record):
 * odd numbers, since other document kinds share the sequence (gaps are normal).
 */
export function belgeSiraNo(record: number): number {
  return 1001 + record * 2;
}

/** First inbox record whose belgeSiraNo is greater than the cursor. */
function firstRecordAfter(cursor: number): number {
  return cursor < 1001 ? 0 : Math.floor((cursor - 1001) / 2) + 1;
}

export function qnbService(ctx: SimulatorContext): SoapService {
  const sessions = new Sessions(ctx.plan, DEFAULT_SESSION_TTL_SECONDS, ctx.now, () => randomUUID().replace(/-/g, '').toUpperCase());

  const faultReply = (message: string, fault: string, status = 500): SoapReply => {
    const detail = `<ns2:Exception xmlns:ns2="${QNB_NS}"><message>${esc(message)}</message></ns2:Exception>`;
    return xmlReply(envelope(faultElement('S', 'Server', message, detail), 'S'), status, fault);
  };

  const authenticate = (request: SoapRequest): void => {
    const token = usernameToken(request.header);
    if (token) {
      if (!passwordAccepted(ctx, token.username, token.password)) throw new QnbFault('Kullanıcı adı veya şifre hatalı', 'authFailed');
      return;
    }
    const id = request.cookies[SESSION_COOKIE];
    if (id === undefined) throw new QnbFault('Kimlik doğrulama bilgisi bulunamadı (WS-Security veya oturum gerekli)', 'authFailed');
    if (!sessions.use(id)) throw new QnbFault('Oturum zaman aşımına uğradı, lütfen tekrar giriş yapınız', 'sessionExpired');
  };

  const respond = (request: SoapRequest, inner: readonly BodyPart[], headers?: Record<string, string>): SoapReply => {
    const op = request.operationName;
    const parts = [`<ns2:${op}Response xmlns:ns2="${request.operation.ns}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`, ...inner, `</ns2:${op}Response>`];
    return xmlReply(envelopeBytes(parts, 'S'), 200, undefined, headers);
  };

  const connector: Record<string, (request: SoapRequest) => BodyPart[]> = {
    // The non-Ext operations carry the same parameters directly under the operation element.
    gelenBelgeleriListele: (r) => listDocuments(ctx, r, r.operation, false),
    gelenBelgeleriAl: (r) => listDocuments(ctx, r, r.operation, true),
    gelenBelgeleriListeleExt: (r) => listDocuments(ctx, r, child(r.operation, 'parametreler'), false),
    gelenBelgeleriAlExt: (r) => listDocuments(ctx, r, child(r.operation, 'parametreler'), true),
    gelenBelgeleriIndir: (r) => {
      requireOwnVkn(ctx, childText(r.operation, 'vergiTcKimlikNo'));
      return download(ctx, childrenNamed(r.operation, 'ettn').flatMap((ettn) => ctx.inbox.find(ettn.text.trim()) ?? []));
    },
    gelenBelgeleriIndirExt: (r) => download(ctx, selectPage(ctx, r, child(r.operation, 'parametreler'))),
    belgelerAlindi(r) {
      requireOwnVkn(ctx, childText(r.operation, 'vergiTcKimlikNo'));
      for (const ettn of childrenNamed(r.operation, 'ettn')) {
        const index = ctx.inbox.find(ettn.text.trim());
        if (index !== undefined) ctx.inbox.marked.add(index);
      }
      return [];
    },
    gidenBelgeleriListele: () => [],
  };

  return {
    provider: 'qnb',
    endpoints: [CONNECTOR_PATH, USER_PATH],
    clientPath: '/connector/ws/connectorService',
    wsdlQuery: 'wsdl',
    operationName: (operation) => operation.name,
    wsdl: (endpoint, query, baseUrl) =>
      query === 'wsdl' ? qnbWsdl(endpoint === USER_PATH ? 'user' : 'connector', `${baseUrl}${endpoint === USER_PATH ? '/connector/ws/userService' : '/connector/ws/connectorService'}`) : undefined,
    serverFault: (message) => faultReply(message, 'serverError'),
    badRequest: (message) => faultReply(message, 'badRequest'),
    throttled: () => faultReply('İstek limiti aşıldı, lütfen daha sonra tekrar deneyiniz', 'throttle'),
    handle(request) {
      try {
        const namespaces = request.path === USER_PATH ? [QNB_USER_NS, QNB_NS] : [QNB_NS];
        if (!namespaces.includes(request.operation.ns)) throw new QnbFault(`Cannot find dispatch method for {${request.operation.ns}}${request.operation.name}`, 'unknownOperation');
        if (request.path === USER_PATH) {
          if (request.operationName === 'wsLogin') {
            if (!passwordAccepted(ctx, childText(request.operation, 'userId'), childText(request.operation, 'password'))) throw new QnbFault('Kullanıcı adı veya şifre hatalı', 'authFailed');
            const id = sessions.open();
            return respond(request, [], { 'set-cookie': `${SESSION_COOKIE}=${id}; Path=/; HttpOnly` });
          }
          if (request.operationName === 'logout') {
            sessions.close(request.cookies[SESSION_COOKIE] ?? '');
            return respond(request, []);
          }
          throw new QnbFault(`Cannot find dispatch method for {${request.operation.ns}}${request.operationName}`, 'unknownOperation');
        }
        const op = connector[request.operationName];
        if (!op) throw new QnbFault(`Cannot find dispatch method for {${QNB_NS}}${request.operationName}`, 'unknownOperation');
        authenticate(request);
        return respond(request, op(request));
      } catch (error) {
        if (error instanceof QnbFault) return faultReply(error.message, error.fault);
        if (error instanceof DateParamError) return faultReply(`Tarih formatı hatalı (${error.field}): ${error.value}`, 'businessError');
        throw error;
      }
    },
  };
}

function requireOwnVkn(ctx: SimulatorContext, vkn: string | undefined): void {
  if (vkn !== ctx.customer.vkn) throw new QnbFault(`${vkn ?? '(boş)'} vergi numarası için yetkiniz bulunmamaktadır`, 'authFailed');
}

/** The page of inbox indices a gelenBelgeleri…Ext / non-Ext call selects (after the belgeSiraNo cursor, at most 100). */
function selectPage(ctx: SimulatorContext, request: SoapRequest, params: XElement | undefined): number[] {
  requireOwnVkn(ctx, childText(params, 'vergiTcKimlikNo'));
  const kind = childText(params, 'belgeTuru');
  if (kind !== 'FATURA' && kind !== 'UYGULAMA_YANITI') throw new QnbFault(`belgeTuru geçersiz: ${kind ?? '(boş)'}`, 'businessError');
  if (kind !== 'FATURA') return [];
  const cursorText = childText(params, 'sonAlinanBelgeSiraNumarasi') ?? '0';
  if (!/^\d+$/.test(cursorText)) throw new QnbFault(`sonAlinanBelgeSiraNumarasi geçersiz: ${cursorText}`, 'businessError');
  const date = (name: string, bound: 'start' | 'end') => {
    const text = childText(params, name);
    return text === undefined ? undefined : parseDateParam(name, text, bound);
  };
  const ettns = childrenNamed(params, 'ettn').map((e) => e.text.trim()).filter(Boolean);
  const query: InboxQuery = {
    ...issueDateBounds(date('faturaTarihiBaslangic', 'start'), date('faturaTarihiBitis', 'end')),
    ...(ettns.length > 0 ? { ettns } : {}),
  };
  const arrivedFrom = date('gelisTarihiBaslangic', 'start');
  const arrivedTo = date('gelisTarihiBitis', 'end');
  if (arrivedFrom !== undefined) query.arrivedFrom = arrivedFrom;
  if (arrivedTo !== undefined) query.arrivedTo = arrivedTo;
  const received = childText(params, 'belgelerAlindiMi');
  const visibility: Visibility = received === 'true' ? { markedOnly: true } : received === 'false' ? { unmarkedOnly: true } : {};
  const selection = ctx.inbox.visible(ctx.inbox.select(query), visibility);
  const start = lowerBound(selection, firstRecordAfter(Number(cursorText)), (index) => ctx.inbox.recordOf(index));
  const duplicate = ctx.plan.hits(ctx.plan.spec.duplicates, request.operationName, request.tick);
  return pageOf(selection, start, PAGE_LIMIT, duplicate);
}

function listDocuments(ctx: SimulatorContext, request: SoapRequest, params: XElement | undefined, withContent: boolean): BodyPart[] {
  const version = Math.min(6, Math.max(1, Math.floor(Number(childText(params, 'donusTipiVersiyon') ?? '1')) || 1));
  return selectPage(ctx, request, params).flatMap((index) => documentElement(ctx, index, version, withContent));
}

function documentElement(ctx: SimulatorContext, index: number, version: number, withContent: boolean): BodyPart[] {
  let h: InvoiceHeader;
  let content: BodyPart[] = [];
  let type = version === 1 ? 'belge' : `belgev${version}`;
  if (withContent) {
    const document = ctx.inbox.document(index);
    h = document.header;
    const served = servedContent(ctx.plan, index, document.xml, h.ettn);
    // The xsiType fault: a belge version newer than any the WSDL declares.
    if (served.xsiType) type = 'belgev7';
    content = ['<belgeVerisi>', served.base64, '</belgeVerisi>'];
  } else {
    h = ctx.inbox.header(index);
  }
  const head = `<return xsi:type="ns2:${type}"><belgeNo>${esc(h.number)}</belgeNo><belgeSiraNo>${belgeSiraNo(ctx.inbox.recordOf(index))}</belgeSiraNo><belgeTarihi>${compactDate(h.issueDate)}</belgeTarihi><belgeTuru>FATURA</belgeTuru>`;
  let tail = `<ettn>${h.ettn}</ettn><gonderenEtiket>urn:mail:defaultgb@${esc(h.supplier.vkn)}.com.tr</gonderenEtiket><gonderenVknTckn>${esc(h.supplier.vkn)}</gonderenVknTckn>`;
  if (version >= 2) tail += `<alanEtiket>urn:mail:defaultpk@${esc(h.customer.vkn)}.com.tr</alanEtiket><aliciUnvan>${esc(h.customer.name)}</aliciUnvan><belgeVersiyon>1.2</belgeVersiyon><saticiUnvan>${esc(h.supplier.name)}</saticiUnvan><zarfId>${zarfId(index)}</zarfId>`;
  if (version >= 3) tail += `<odenecekTutar>${h.payableAmount}</odenecekTutar><odenecekTutarDovizCinsi>${esc(h.currency)}</odenecekTutarDovizCinsi>`;
  if (version >= 4) tail += '<arsivlenmis>false</arsivlenmis>';
  if (version >= 5) tail += `<faturaGelisTarihi>${turkeyDateTime(Date.parse(h.arrivedAt)).slice(0, 19).replace(/[-T:]/g, '')}</faturaGelisTarihi>`;
  if (version >= 6) tail += `<profileId>${esc(h.profile)}</profileId>`;
  return [head, ...content, `${tail}</return>`];
}

function zarfId(index: number): string {
  return `0b0e0000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
}

/** gelenBelgeleriIndir(Ext): one base64 ZIP holding `{ETTN}.xml` per requested, known document. */
function download(ctx: SimulatorContext, indices: readonly number[]): BodyPart[] {
  const entries: Record<string, Uint8Array> = {};
  for (const index of indices) {
    const { header, xml } = ctx.inbox.document(index);
    entries[`${header.ettn}.xml`] = Buffer.from(xml, 'utf8');
  }
  if (Object.keys(entries).length === 0) throw new QnbFault('İstenen belgeler bulunamadı', 'businessError');
  return ['<return>', Buffer.from(Buffer.from(zipSync(entries)).toString('base64'), 'latin1'), '</return>'];
}
