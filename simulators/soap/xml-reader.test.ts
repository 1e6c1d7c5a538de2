import { describe, expect, it } from 'vitest';
import { readXml, XmlReadError } from './xml-reader.js';

const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

describe('readXml', () => {
  it('resolves element and attribute namespaces through nested declarations, in document order', () => {
    const root = readXml(
      `\ufeff<?xml version="1.0" encoding="utf-8"?><!-- lead --><s:Envelope xmlns:s="${SOAP}"><s:Body>` +
      `<Op xmlns="http://tempuri.org/" xmlns:i="${XSI}" Kind='plain'><b:x xmlns:b="urn:b" i:nil="true"/><y>1</y><z/></Op></s:Body></s:Envelope>\n`,
    );
    expect([root.ns, root.name]).toEqual([SOAP, 'Envelope']);
    const op = root.children[0]?.children[0];
    expect([op?.ns, op?.name, op?.attrs]).toEqual(['http://tempuri.org/', 'Op', { Kind: 'plain' }]);
    expect(op?.children.map((c) => `${c.ns}|${c.name}`)).toEqual(['urn:b|x', 'http://tempuri.org/|y', 'http://tempuri.org/|z']);
    expect(op?.children[0]?.nsAttrs).toEqual({ [`{${XSI}}nil`]: 'true' });
    expect(op?.children[0]?.attrs).toEqual({});
    expect(op?.children[1]?.text).toBe('1');
  });

  it('keeps text raw (whitespace included), decodes references and CDATA, skips comments and PIs', () => {
    const root = readXml('<a t="&quot;&amp;&#x41;&#66;"> x &lt;&gt;&apos;&#351;<![CDATA[<raw & kept>]]><!-- no --><?pi skip?> <b>in b</b>y</a>');
    expect(root.attrs.t).toBe('"&AB');
    expect(root.text).toBe(' x <>\'ş<raw & kept> y');
    expect(root.children[0]?.text).toBe('in b');
  });

  it('reads a large base64 text node whole', () => {
    const data = Buffer.alloc(300_000, 7).toString('base64');
    expect(readXml(`<r><Data>${data}</Data></r>`).children[0]?.text).toBe(data);
  });

  it.each([
    ['<a>', /unclosed tag 'a'/],
    ['<a><b></a>', /end tag 'a' does not match start tag 'b'/],
    ['<a/><b/>', /content after the root element/],
    ['junk<a/>', /text outside the root element/],
    ['<a/>junk', /text outside the root element/],
    ['<a x="1" x="2"/>', /attribute 'x' repeated/],
    ['<a x=1/>', /not quoted/],
    ['<a x/>', /has no value/],
    ['<a x="1"y="2"/>', /whitespace expected/],
    ['<a>x & y</a>', /invalid entity reference/],
    ['<a>&foo;</a>', /invalid entity reference '&foo;'/],
    ['<a>&#0;</a>', /invalid entity reference/],
    ['<a x="<"/>', /'<' in the value/],
    ['<!DOCTYPE a><a/>', /DTDs are not accepted/],
    ['<a><!-- open</a>', /unterminated comment/],
    ['<a><![CDATA[x</a>', /unterminated CDATA/],
    ['</a>', /without a start tag/],
    ['', /no root element/],
    ['<s:Envelope xmlns:s="x"><s:Body></s:Body></s:Envelop>', /does not match/],
  ])('rejects %j', (text, message) => {
    expect(() => readXml(text)).toThrow(XmlReadError);
    expect(() => readXml(text)).toThrow(message);
  });

  it('says where the error is', () => {
    expect(() => readXml('<a>\n  <b>\n</a>')).toThrow(/line 3, column 1/);
  });
});
