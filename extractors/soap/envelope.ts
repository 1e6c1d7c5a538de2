/** SOAP 1.1 envelopes: build one around header and body fragments; read one into Body content or a Fault. */
import { el, type XmlChild } from './xml.js';
import { child, childText, readXml, type ReadXmlOptions, type XmlElement } from './reader.js';

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

export function soapEnvelope(parts: { namespaces?: Record<string, string>; header?: XmlChild[]; body: XmlChild[] }): string {
  const declarations: Record<string, string> = { 'xmlns:soapenv': SOAP11_NS };
  for (const [prefix, uri] of Object.entries(parts.namespaces ?? {})) declarations[`xmlns:${prefix}`] = uri;
  const envelope = el(
    'soapenv:Envelope',
    declarations,
    parts.header?.length ? el('soapenv:Header', null, ...parts.header) : undefined,
    el('soapenv:Body', null, ...parts.body),
  );
  return `<?xml version="1.0" encoding="utf-8"?>${envelope.xml}`;
}

export interface SoapFault {
  code: string;
  message: string;
  detail: XmlElement | undefined;
}

export type SoapReply = { kind: 'body'; content: XmlElement | undefined; body: XmlElement } | { kind: 'fault'; fault: SoapFault };

/** Fault children are unqualified in SOAP 1.1; some stacks qualify them anyway. */
const faultChildNs = ['', SOAP11_NS];

export class NotSoapError extends Error {
  override name = 'NotSoapError';
}

export function readSoap(xml: Buffer | string, options: ReadXmlOptions = {}): SoapReply {
  const root = readXml(xml, options);
  if (root.ns !== SOAP11_NS || root.name !== 'Envelope') throw new NotSoapError(`expected a SOAP 1.1 Envelope, got <${root.name}> in "${root.ns}"`);
  const body = child(root, SOAP11_NS, 'Body');
  if (!body) throw new NotSoapError('SOAP Envelope without Body');
  const fault = child(body, SOAP11_NS, 'Fault');
  if (fault) {
    return {
      kind: 'fault',
      fault: {
        code: childText(fault, faultChildNs, 'faultcode') ?? '',
        message: childText(fault, faultChildNs, 'faultstring') ?? '',
        detail: child(fault, faultChildNs, 'detail'),
      },
    };
  }
  return { kind: 'body', content: body.children[0], body };
}
