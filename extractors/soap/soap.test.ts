import { afterEach, describe, expect, it } from 'vitest';
import { AuthError, ProtocolError, TransientError } from '../errors.js';
import { HttpClient } from '../http/client.js';
import { fakeTiming, startTinyServer, type TinyServer } from '../testing/http-server.js';
import { SoapClient } from './client.js';
import { readSoap, soapEnvelope, SOAP11_NS } from './envelope.js';
import { attr, child, children, childText, readXml, XmlReadError, XMLNS_XSI } from './reader.js';
import { el } from './xml.js';

describe('readXml', () => {
  it('matches by namespace URI whatever the prefixes', () => {
    const xml = `<a:Root xmlns:a="urn:one" xmlns:b="urn:two">
      <b:Item b:kind="x" plain="y"/><a:Item/>
      <Inner xmlns="urn:two"><Item/><c:Item xmlns:c="urn:one"/><Off xmlns=""><Item/></Off></Inner>
      <b:Nil xmlns:i="${XMLNS_XSI}" i:nil="true"/>
    </a:Root>`;
    const root = readXml(xml);
    expect([root.ns, root.name]).toEqual(['urn:one', 'Root']);
    expect(children(root, 'urn:two', 'Item')).toHaveLength(1);
    expect(children(root, 'urn:one', 'Item')).toHaveLength(1);
    const item = child(root, 'urn:two', 'Item');
    expect(attr(item, 'kind', 'urn:two')).toBe('x');
    expect(attr(item, 'plain')).toBe('y');
    const inner = child(root, 'urn:two', 'Inner');
    expect(child(inner, 'urn:two', 'Item')).toBeDefined();
    expect(child(inner, 'urn:one', 'Item')).toBeDefined();
    expect(child(child(inner, '', 'Off'), '', 'Item')).toBeDefined();
    expect(child(inner, 'urn:two', 'Off')).toBeUndefined();
    expect(attr(child(root, 'urn:two', 'Nil'), 'nil', XMLNS_XSI)).toBe('true');
  });

  it('keeps text exactly: no number parsing, entities decoded, a BOM tolerated', () => {
    const root = readXml('\ufeff<r><v>0012345678</v><d>38.000</d><e>&lt;Invoice&gt; &amp;</e></r>');
    expect(childText(root, '', 'v')).toBe('0012345678');
    expect(childText(root, '', 'd')).toBe('38.000');
    expect(childText(root, '', 'e')).toBe('<Invoice> &');
  });

  it('refuses malformed XML, undeclared prefixes and DTDs', () => {
    expect(() => readXml('<a><b></a>')).toThrow(XmlReadError);
    expect(() => readXml('<p:a/>')).toThrow(XmlReadError);
    expect(() => readXml('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')).toThrow(/DOCTYPE/);
  });

  it('gives long base64 runs back exactly (line ends normalized) and still refuses a broken document around them', () => {
    const base64 = Buffer.from('<Invoice>'.repeat(200)).toString('base64');
    const wrapped = `${base64.slice(0, 700)}\r\n${base64.slice(700)}`;
    const root = readXml(`<r><d>${base64}</d><e>${wrapped}</e><f>#b64-x-0#</f></r>`);
    expect(childText(root, '', 'd')).toBe(base64);
    expect(childText(root, '', 'e')).toBe(wrapped.replace('\r\n', '\n'));
    expect(childText(root, '', 'f')).toBe('#b64-x-0#');
    expect(() => readXml(`<r><d>${base64}</d></s>`)).toThrow(XmlReadError);
    // A reply past a megabyte (its runs are slices of one copy kept outside the JS heap), Turkish text beside them.
    const runs = Array.from({ length: 60 }, (_, k) => Buffer.from(`<Invoice n="${k}">${'ş'.repeat(9_000)}</Invoice>`).toString('base64'));
    const big = readXml(Buffer.from(`<r>${runs.map((run) => `<d>${run}</d><n>Şeker ${'ğ'.repeat(600)}</n>`).join('')}</r>`, 'utf8'));
    expect(children(big, '', 'd').map((d) => d.text)).toEqual(runs);
    expect(children(big, '', 'n').map((n) => n.text)).toEqual(runs.map(() => `Şeker ${'ğ'.repeat(600)}`));
  });

  it('reads long runs from the bytes the same as the parser would: UTF-8, entities, CDATA, a BOM, opaque content around them', () => {
    const long = (unit: string) => unit.repeat(Math.ceil(600 / unit.length));
    const turkish = long('Şeker ğüıöç ');
    const withEntity = `${long('a')}&amp;${long('b')}`;
    const inCdata = `<![CDATA[ > ${long('c')} < ]]>`;
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`<r><t>${turkish}</t><e>${withEntity}</e><c>${inCdata}</c></r>`, 'utf8')]);
    const root = readXml(bytes);
    expect(childText(root, '', 't')).toBe(turkish.trim());
    expect(childText(root, '', 'e')).toBe(withEntity.replace('&amp;', '&'));
    expect(childText(root, '', 'c')).toBe(`> ${long('c')} <`);
    const signature = long('QUJD');
    const inline = `<Invoice><SignatureValue>${signature}</SignatureValue>\r\n<Note>${turkish}</Note></Invoice>`;
    const opaque = readXml(Buffer.from(`<r><InvoiceInfo Id="1">${inline}</InvoiceInfo><d>${signature}</d></r>`), { opaque: ['InvoiceInfo'] });
    expect(child(opaque, '', 'InvoiceInfo')?.text).toBe(inline);
    expect(childText(opaque, '', 'd')).toBe(signature);
    expect(() => readXml(Buffer.from(`<r><d>${signature}</d><d>${signature}</r>`))).toThrow(XmlReadError);
  });

  it('gives opaque content read from valid UTF-8 its bytes, and none when they are not exactly its text', () => {
    const inline = '<Invoice><Note>Şeker ğüıöç</Note></Invoice>';
    const root = readXml(Buffer.from(`<r><InvoiceInfo>${inline}</InvoiceInfo><InvoiceInfo>a\r\nb</InvoiceInfo></r>`, 'utf8'), { opaque: ['InvoiceInfo'] });
    const [good, normalized] = children(root, '', 'InvoiceInfo');
    expect(Buffer.from(good!.utf8!).toString('utf8')).toBe(inline);
    expect(normalized?.text).toBe('a\nb');
    expect(normalized?.utf8).toBeUndefined();
    const invalid = readXml(Buffer.concat([Buffer.from('<r><InvoiceInfo><a>'), Buffer.from([0xc3, 0x28]), Buffer.from('</a></InvoiceInfo></r>')]), { opaque: ['InvoiceInfo'] });
    expect(child(invalid, '', 'InvoiceInfo')?.utf8).toBeUndefined();
  });

  it('keeps the content of opaque elements as the raw XML received, attributes read as usual', () => {
    const inline = '<Invoice xmlns="urn:u"><UUID>E-1</UUID>\r\n<Note>a &amp; b</Note></Invoice>';
    const root = readXml(`<r xmlns:a="urn:a"><a:InvoiceInfo Id="1">${inline}</a:InvoiceInfo><InvoiceInfo Id="2"/><InvoiceInfo>x</InvoiceInfo></r>`, { opaque: ['InvoiceInfo'] });
    const [first, second, third] = children(root, ['urn:a', ''], 'InvoiceInfo');
    expect(first?.text).toBe(inline);
    expect(first?.children).toEqual([]);
    expect(attr(first, 'Id')).toBe('1');
    expect(second?.text).toBe('');
    expect(third?.text).toBe('x');
  });

  it('finds opaque elements by their exact name only, whatever is inside, and refuses one left unclosed', () => {
    const inline = `<Invoice><![CDATA[ <x> ]]><Data>${'QUJD'.repeat(200)}</Data><InvoiceInfo>nested</InvoiceInfo></Invoice>`;
    const root = readXml(Buffer.from(`<r><p:InvoiceInfo xmlns:p="urn:p">${inline}</p:InvoiceInfo><InvoiceInfos><InvoiceInfoX>y</InvoiceInfoX></InvoiceInfos></r>`), { opaque: ['InvoiceInfo'] });
    // The opaque element nested inside is part of the outer one's content.
    expect(child(root, 'urn:p', 'InvoiceInfo')?.text).toBe(inline);
    expect(child(child(root, '', 'InvoiceInfos'), '', 'InvoiceInfoX')?.text).toBe('y');
    expect(() => readXml(Buffer.from('<r><InvoiceInfo><Invoice/></r>'), { opaque: ['InvoiceInfo'] })).toThrow(XmlReadError);
  });
});

describe('SOAP envelopes', () => {
  it('builds an escaped envelope that reads back', () => {
    const xml = soapEnvelope({
      namespaces: { tem: 'http://tempuri.org/' },
      header: [el('tem:H', null, 'h')],
      body: [el('tem:Op', { Attr: 'a"<b', Skip: undefined }, el('Child', null, 'x & y'))],
    });
    expect(xml).not.toContain('Skip');
    const reply = readSoap(xml);
    if (reply.kind !== 'body') throw new Error('expected a body');
    expect([reply.content?.ns, reply.content?.name]).toEqual(['http://tempuri.org/', 'Op']);
    expect(attr(reply.content, 'Attr')).toBe('a"<b');
    expect(childText(reply.content, '', 'Child')).toBe('x & y');
  });

  it('reads a fault with its detail', () => {
    const reply = readSoap(`<s:Envelope xmlns:s="${SOAP11_NS}"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>Aktif Session bulunamadi</faultstring><detail><E><C>10011</C></E></detail></s:Fault></s:Body></s:Envelope>`);
    expect(reply.kind).toBe('fault');
    if (reply.kind === 'fault') {
      expect(reply.fault.message).toBe('Aktif Session bulunamadi');
      expect(childText(child(reply.fault.detail, '', 'E'), '', 'C')).toBe('10011');
    }
  });
});

describe('SoapClient', () => {
  let server: TinyServer | undefined;
  let http: HttpClient | undefined;
  afterEach(async () => {
    await http?.close();
    await server?.close();
  });

  const ok = `<s:Envelope xmlns:s="${SOAP11_NS}"><s:Body><R xmlns="urn:x"><V>42</V></R></s:Body></s:Envelope>`;
  const fault = (text: string) => `<s:Envelope xmlns:s="${SOAP11_NS}"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>${text}</faultstring></s:Fault></s:Body></s:Envelope>`;

  async function setup(answers: Array<(res: import('node:http').ServerResponse, req: import('node:http').IncomingMessage) => void>) {
    server = await startTinyServer((req, res, _body, n) => (answers[n - 1] ?? answers[answers.length - 1]!)(res, req));
    http = new HttpClient(server.url);
    const { timing, slept } = fakeTiming();
    const retries: number[] = [];
    const client = new SoapClient({
      provider: 'uyumsoft',
      http,
      retry: { maxAttempts: 5, maxElapsedMs: 60_000, baseDelayMs: 10, maxDelayMs: 100 },
      timing,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      onRetry: (info) => retries.push(info.attempt),
      classifyFault: (f, context) => (f.message.includes('denied') ? new AuthError(f.message, context) : f.message.includes('busy') ? new TransientError(f.message, context) : new ProtocolError('fault', context, f.message)),
    });
    const call = () => client.call({
      path: '', soapAction: '"urn:x/Op"', envelope: () => soapEnvelope({ body: [el('Op', { xmlns: 'urn:x' })] }),
      context: { provider: 'uyumsoft', operation: 'Op' }, signal: new AbortController().signal,
      read: (content) => childText(content, 'urn:x', 'V'),
    });
    return { call, slept, retries };
  }

  it('survives 503 with Retry-After, a malformed body, a truncated body and a provider throttle fault', async () => {
    const { call, slept, retries } = await setup([
      (res) => { res.writeHead(503, { 'retry-after': '3' }); res.end('busy'); },
      (res) => res.end(ok.replace('</s:Envelope>', '</s:Envelop>')),
      (res) => res.end(ok.slice(0, 40)),
      (res) => { res.writeHead(500); res.end(fault('server busy')); },
      (res) => res.end(ok),
    ]);
    expect(await call()).toBe('42');
    expect(retries).toEqual([1, 2, 3, 4]);
    expect(slept[0]).toBe(3_000);
    expect(server!.requests[0]!.headers.soapaction).toBe('"urn:x/Op"');
  });

  it('does not retry an auth fault and keeps the provider message of a protocol fault', async () => {
    const auth = await setup([(res) => { res.writeHead(500); res.end(fault('access denied')); }]);
    await expect(auth.call()).rejects.toThrow(AuthError);
    expect(server!.requests).toHaveLength(1);
  });

  it('reports a 4xx HTML page as a ProtocolError', async () => {
    const { call } = await setup([(res) => { res.writeHead(404); res.end('<html>nope'); }]);
    await expect(call()).rejects.toThrow(ProtocolError);
  });
});
