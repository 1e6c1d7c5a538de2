import { describe, expect, it } from 'vitest';
import { parseTree, XmlReadError } from './tree.js';

const parse = (text: string) => parseTree(text, () => undefined);
const reply = `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><R xmlns="urn:x" a='1' b="&quot;2&quot;"><!-- note --><V>4&amp;2 &#351;&#x15F;</V><W><![CDATA[<raw & kept>]]></W><E/></R></s:Body></s:Envelope>`;

describe('parseTree', () => {
  it('reads elements, attributes, references, CDATA and comments', () => {
    const root = parse(reply);
    const r = root.children[0]!.children[0]!;
    expect([r.ns, r.name, r.attributes.map((a) => [a.name, a.value])]).toEqual(['urn:x', 'R', [['a', '1'], ['b', '"2"']]]);
    expect(r.children.map((c) => [c.name, c.text])).toEqual([['V', '4&2 şş'], ['W', '<raw & kept>'], ['E', '']]);
  });

  it('refuses a reply cut anywhere before its end', () => {
    for (let length = 0; length < reply.length; length++) {
      expect(() => parse(reply.slice(0, length)), `cut at ${length}`).toThrow(XmlReadError);
    }
  });

  it('refuses what is not well-formed: bare &, unquoted or repeated attributes, stray markup, bad character references, two roots', () => {
    for (const bad of ['<a>x & y</a>', '<a b=1/>', '<a b="1" b="2"/>', '<a>x < y</a>', '<a>&#0;</a>', '<a>&#xD800;</a>', '<a/><b/>', 'text<a/>', '<a></b>', '<!DOCTYPE a><a/>', ' <?xml version="1.0"?><a/>', '<a><![CDATA[x</a>']) {
      expect(() => parse(bad), bad).toThrow(XmlReadError);
    }
  });

  it('keeps what the previous reader kept: unknown entities as written, text after the root ignored, line ends as \\n', () => {
    expect(parse('<a>&nbsp;x\r\ny\rz</a>').text).toBe('&nbsp;x\ny\nz');
    expect(parse('<a b="1\r\n2"/>\n trailing').attributes[0]?.value).toBe('1\n2');
  });

  it('hands text nodes to restore exactly as found, and takes its answer over decoding', () => {
    const seen: string[] = [];
    const root = parseTree('<a><b>#token#</b><c>x &amp; y</c></a>', (raw) => (seen.push(raw), raw === '#token#' ? 'restored' : undefined));
    expect(root.children.map((c) => c.text)).toEqual(['restored', 'x & y']);
    expect(seen).toEqual(['#token#', 'x &amp; y']);
  });
});
