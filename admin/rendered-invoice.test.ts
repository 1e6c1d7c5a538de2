import { describe, expect, it } from 'vitest';
import { invoiceDocument, type DatasetSpec } from '../simulators/dataset/index.js';
import { embeddedStylesheet, renderInvoice, stripActiveContent } from './rendered-invoice.js';

const spec: DatasetSpec = { seed: 2026, provider: 'edm', invoices: 60, from: '2025-01-01T00:00:00Z', to: '2025-12-31T00:00:00Z', customer: { vkn: '4810173324', name: 'Örnek A.Ş.' } };
const documents = Array.from({ length: 60 }, (_, i) => invoiceDocument(spec, i).xml);
const withStylesheet = documents.find((xml) => 'xslt' in embeddedStylesheet(xml))!;
const withoutStylesheet = documents.find((xml) => !('xslt' in embeddedStylesheet(xml)))!;
const withEmbedded = (xml: string, xslt: string) => xml.replace(/(<cbc:EmbeddedDocumentBinaryObject[^>]*>)[^<]*/, `$1${Buffer.from(xslt).toString('base64')}`);

describe('rendered invoice', () => {
  it('applies the embedded XSLT: the supplier\'s own layout with the invoice\'s values', async () => {
    const rendered = await renderInvoice(withStylesheet);
    expect(rendered.source).toBe('embedded_xslt');
    const ettn = /<cbc:UUID>([^<]+)</.exec(withStylesheet)![1]!;
    expect(rendered.html).toContain(ettn);
    expect(rendered.html).toContain('Ödenecek Tutar');
  });

  it('falls back to the built-in view, saying why, when there is no stylesheet', async () => {
    const rendered = await renderInvoice(withoutStylesheet);
    expect(rendered).toMatchObject({ source: 'built_in', note: 'the document embeds no XSLT stylesheet' });
    expect(rendered.html).toContain(/<cbc:ID>([^<]+)</.exec(withoutStylesheet)![1]!);
  });

  it('does not run a stylesheet that would load other documents', async () => {
    const loader = '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"><xsl:template match="/"><xsl:copy-of select="document(\'http://127.0.0.1:9/x.xml\')"/></xsl:template></xsl:stylesheet>';
    const rendered = await renderInvoice(withEmbedded(withStylesheet, loader));
    expect(rendered.source).toBe('built_in');
    expect(rendered.note).toContain('loads other documents');
  });

  it('strips scripts, event handlers and javascript: URLs from what a stylesheet produces', async () => {
    const hostile = '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"><xsl:template match="/"><html><body onload="steal()"><script>steal()</script><a href="javascript:steal()">x</a><p>kept</p></body></html></xsl:template></xsl:stylesheet>';
    const rendered = await renderInvoice(withEmbedded(withStylesheet, hostile));
    expect(rendered.source).toBe('embedded_xslt');
    expect(rendered.html).toContain('kept');
    expect(rendered.html).not.toMatch(/script|onload|javascript:/i);
    expect(stripActiveContent('<img src="x" onerror=alert(1)><iframe src="//x"></iframe><object data="x"/>')).toBe('<img src="x">');
  });
});
