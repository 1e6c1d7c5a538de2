/** Simulator-side SOAP 1.1 envelope writing and header reading. */
import { child, childText, esc, type XElement } from './xml.js';

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
export const WSSE_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
export const TEMPURI_NS = 'http://tempuri.org/';

/** One HTTP answer of a simulator; `fault` names what the call log records as its outcome. */
export interface SoapReply {
  status: number;
  /** Text, or bytes when a reply carries large payloads (see BodyPart). */
  body: string | Buffer;
  contentType?: string;
  headers?: Record<string, string | string[]>;
  fault?: string;
}

/** `prefix` follows the platform: WCF writes `s:`, JAX-WS (Metro) writes `S:`. */
export function envelope(body: string, prefix: 's' | 'S' = 's', header = ''): string {
  const [open, close] = envelopeEdges(prefix, header);
  return open + body + close;
}

function envelopeEdges(prefix: 's' | 'S', header = ''): [string, string] {
  const head = header ? `<${prefix}:Header>${header}</${prefix}:Header>` : '';
  return [`<${prefix}:Envelope xmlns:${prefix}="${SOAP11_NS}">${head}<${prefix}:Body>`, `</${prefix}:Body></${prefix}:Envelope>`];
}

/**
 * A piece of a large reply: XML text, or bytes already encoded. Base64 payloads are kept as bytes so
 * that one non-ASCII character elsewhere (a Turkish supplier title) does not turn a megabyte reply
 * into a two-byte string that must be re-encoded as a whole.
 */
export type BodyPart = string | Buffer;

/**
 * UTF-8 scratch for base64Part, reused across calls (the encoding is synchronous). It only grows, to
 * three bytes per UTF-16 unit of the largest document served, so memory stays bounded by one document.
 */
let utf8Scratch = Buffer.allocUnsafe(64 * 1024);

/** base64 of a document's UTF-8 bytes, as reply bytes. Encodes into the scratch: no per-call UTF-8 buffer. */
export function base64Part(text: string): Buffer {
  if (utf8Scratch.length < text.length * 3) utf8Scratch = Buffer.allocUnsafe(text.length * 3);
  const bytes = utf8Scratch.write(text, 0, 'utf8');
  return Buffer.from(utf8Scratch.toString('base64', 0, bytes), 'latin1');
}

/** The envelope around parts, as one buffer. */
export function envelopeBytes(parts: readonly BodyPart[], prefix: 's' | 'S' = 's'): Buffer {
  const [open, close] = envelopeEdges(prefix);
  return Buffer.concat([open, ...parts, close].map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : part)));
}

export function xmlReply(body: string | Buffer, status = 200, fault?: string, headers?: Record<string, string | string[]>): SoapReply {
  return { status, body, contentType: 'text/xml; charset=utf-8', ...(fault ? { fault } : {}), ...(headers ? { headers } : {}) };
}

/** A SOAP 1.1 Fault element (faultcode is qualified with the envelope prefix). */
export function faultElement(prefix: 's' | 'S', code: 'Client' | 'Server' | 'VersionMismatch', message: string, detail = '', lang = false): string {
  const langAttr = lang ? ' xml:lang="tr-TR"' : '';
  return `<${prefix}:Fault><faultcode>${prefix}:${code}</faultcode><faultstring${langAttr}>${esc(message)}</faultstring>${detail ? `<detail>${detail}</detail>` : ''}</${prefix}:Fault>`;
}

/** WS-Security UsernameToken from a SOAP header, if present. */
export function usernameToken(header: XElement | undefined): { username: string; password: string } | undefined {
  const token = child(child(header, 'Security', WSSE_NS), 'UsernameToken', WSSE_NS);
  if (!token) return undefined;
  return { username: childText(token, 'Username', WSSE_NS) ?? '', password: child(token, 'Password', WSSE_NS)?.text ?? '' };
}
