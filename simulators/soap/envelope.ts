/** Simulator-side SOAP 1.1 envelope writing and header reading. */
import { child, childText, type XElement } from './xml.js';

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
export const WSSE_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
export const TEMPURI_NS = 'http://tempuri.org/';

/** One HTTP answer of a simulator; `fault` names what the call log records as its outcome. */
export interface SoapReply {
  status: number;
  body: string;
  contentType?: string;
  headers?: Record<string, string | string[]>;
  fault?: string;
}

/** `prefix` follows the platform: WCF writes `s:`, JAX-WS (Metro) writes `S:`. */
export function envelope(body: string, prefix: 's' | 'S' = 's', header = ''): string {
  const head = header ? `<${prefix}:Header>${header}</${prefix}:Header>` : '';
  return `<${prefix}:Envelope xmlns:${prefix}="${SOAP11_NS}">${head}<${prefix}:Body>${body}</${prefix}:Body></${prefix}:Envelope>`;
}

export function xmlReply(body: string, status = 200, fault?: string, headers?: Record<string, string | string[]>): SoapReply {
  return { status, body, contentType: 'text/xml; charset=utf-8', ...(fault ? { fault } : {}), ...(headers ? { headers } : {}) };
}

/** A SOAP 1.1 Fault element (faultcode is qualified with the envelope prefix). */
export function faultElement(prefix: 's' | 'S', code: 'Client' | 'Server' | 'VersionMismatch', message: string, detail = '', lang = false): string {
  const langAttr = lang ? ' xml:lang="tr-TR"' : '';
  return `<${prefix}:Fault><faultcode>${prefix}:${code}</faultcode><faultstring${langAttr}>${escapeText(message)}</faultstring>${detail ? `<detail>${detail}</detail>` : ''}</${prefix}:Fault>`;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** WS-Security UsernameToken from a SOAP header, if present. */
export function usernameToken(header: XElement | undefined): { username: string; password: string } | undefined {
  const token = child(child(header, 'Security', WSSE_NS), 'UsernameToken', WSSE_NS);
  if (!token) return undefined;
  return { username: childText(token, 'Username', WSSE_NS) ?? '', password: child(token, 'Password', WSSE_NS)?.text ?? '' };
}
