import { describe, expect, it } from 'vitest';
import { assertParsedInvoice, ParseError, parseUblTr } from './index.js';
import { testInvoiceXml } from './test-invoice.js';

/** Runs the parser and returns the ParseError it must throw. */
function rejection(xml: string, options?: { maxChars?: number }): ParseError {
  try {
    parseUblTr(xml, options);
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw new Error(`expected a ParseError, got ${String(error)}`);
  }
  throw new Error('expected a ParseError, the document was accepted');
}

/** true when the document parses or is rejected with a ParseError (anything else is a crash). */
function parsesOrParseError(xml: string): boolean {
  try {
    parseUblTr(xml);
    return true;
  } catch (error) {
    return error instanceof ParseError;
  }
}

describe('parseUblTr: namespaces and prefixes', () => {
  it.each([
    ['customary cac/cbc', { invoice: '', cac: 'cac', cbc: 'cbc' }],
    ['GİB XSLT style n1 root', { invoice: 'n1', cac: 'cac', cbc: 'cbc' }],
    ['provider ns2/ns3', { invoice: 'ns2', cac: 'ns3', cbc: 'ns4' }],
  ])('reads the same invoice with %s prefixes', (_label, prefixes) => {
    const parsed = parseUblTr(testInvoiceXml({ prefixes }));
    expect(parsed.supplier.taxId).toBe('2222222222');
    expect(parsed.lines[0]).toMatchObject({ lineNo: '1', quantity: '1', unitCode: 'C62', itemName: 'Kırtasiye', netAmount: { value: '100.00', currency: 'TRY' } });
    expect(parsed.totals.payable).toEqual({ value: '120.00', currency: 'TRY' });
    expect(assertParsedInvoice(parsed)).toEqual(parsed);
  });

  it('follows namespace declarations below the root', () => {
    const xml = testInvoiceXml().replace(
      '<cbc:ID schemeID="VKN">2222222222</cbc:ID>',
      '<q:ID xmlns:q="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2" schemeID="VKN">2222222222</q:ID>',
    );
    expect(xml).toContain('<q:ID');
    expect(parseUblTr(xml).supplier.taxId).toBe('2222222222');
  });

  it('rejects components in the wrong namespace', () => {
    const xml = testInvoiceXml().replaceAll('CommonBasicComponents-2', 'CommonBasicComponents-9');
    expect(rejection(xml)).toMatchObject({ code: 'wrong_namespace' });
  });

  it('keeps decimal and identifier text intact (no number parsing)', () => {
    const parsed = parseUblTr(
      testInvoiceXml({ supplierVkn: '0012345678', lines: [{ name: 'Motorin', quantity: '38.000', unitCode: 'LTR', net: '100.00' }] }),
    );
    expect(parsed.supplier.taxId).toBe('0012345678');
    expect(parsed.lines[0]?.quantity).toBe('38.000');
  });

  it('decodes the predefined entities and character references, and refuses any other reference', () => {
    const parsed = parseUblTr(testInvoiceXml({ lines: [{ name: 'A &amp; B &#199;ay &lt;1&gt;', quantity: '1', net: '100.00' }] }));
    expect(parsed.lines[0]?.itemName).toBe('A & B Çay <1>');
    expect(rejection(testInvoiceXml({ lines: [{ name: 'A &unknown;', quantity: '1', net: '100.00' }] }))).toMatchObject({ code: 'malformed_xml' });
  });

  it('skips the signature and a large base64 attachment without parsing them', () => {
    const base64 = 'PHhzbDpzdHlsZXNoZWV0Lz4='.repeat(25_000); // ~600 KB
    const extra =
      '<ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><cbc:UUID>not-this</cbc:UUID></ds:Signature></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>' +
      `<cac:AdditionalDocumentReference><cbc:ID>xslt</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="application/xml" filename="a.xslt">${base64}</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>`;
    const parsed = parseUblTr(testInvoiceXml({ extra }));
    expect(parsed.ettn).toBe('0b9a7a4e-5d2c-4f43-9d8e-2a1c3b4d5e6f');
    expect(parsed.lines).toHaveLength(1);
  });

  it('skips attachments whatever their prefix, attributes or form, and leaves text mentioning them alone', () => {
    const extra =
      '<ns9:UBLExtensions xmlns:ns9="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"><ns9:UBLExtension><cbc:ID>x</cbc:ID></ns9:UBLExtension></ns9:UBLExtensions>' +
      '<cac:AdditionalDocumentReference><cbc:ID>a</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject filename="a>b.xslt" mimeCode="application/xml">PD94bWw+<cbc:UUID>evil</cbc:UUID></cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>' +
      '<cac:AdditionalDocumentReference><cbc:ID>b</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="text/plain"/></cac:Attachment></cac:AdditionalDocumentReference>' +
      '<cbc:Note>UBLExtensions and EmbeddedDocumentBinaryObject are skipped</cbc:Note>';
    const parsed = parseUblTr(testInvoiceXml({ extra }));
    expect(parsed.ettn).toBe('0b9a7a4e-5d2c-4f43-9d8e-2a1c3b4d5e6f');
    expect(parsed.notes).toEqual(['UBLExtensions and EmbeddedDocumentBinaryObject are skipped']);
    expect(parsed.lines).toHaveLength(1);
  });

  it('flags a LineCountNumeric that disagrees with the lines', () => {
    const xml = testInvoiceXml().replace(/<cbc:LineCountNumeric>1</, '<cbc:LineCountNumeric>3<');
    expect(parseUblTr(xml).flags.map((f) => f.code)).toContain('line_count_mismatch');
  });

  it('strips a UTF-8 BOM', () => {
    expect(parseUblTr('\uFEFF' + testInvoiceXml()).ettn).toBe('0b9a7a4e-5d2c-4f43-9d8e-2a1c3b4d5e6f');
  });
});

describe('parseUblTr: strict about what matters', () => {
  it('rejects a document without ETTN, naming cbc:UUID', () => {
    const e = rejection(testInvoiceXml({ uuid: null }));
    expect(e).toMatchObject({ code: 'missing_element', path: 'Invoice/cbc:UUID', ettn: null });
  });

  it('rejects a document without issue date, carrying the ETTN', () => {
    const e = rejection(testInvoiceXml({ issueDate: null }));
    expect(e).toMatchObject({ code: 'missing_element', path: 'Invoice/cbc:IssueDate', ettn: '0b9a7a4e-5d2c-4f43-9d8e-2a1c3b4d5e6f' });
  });

  it('rejects an issue date that is not YYYY-MM-DD', () => {
    expect(rejection(testInvoiceXml({ issueDate: '14.03.2025' }))).toMatchObject({ code: 'invalid_value', path: 'Invoice/cbc:IssueDate' });
  });

  it.each(['2024-02-30', '2024-13-45', '2023-02-29', '2024-04-31', '2024-00-10'])('rejects the impossible issue date %s', (date) => {
    expect(rejection(testInvoiceXml({ issueDate: date }))).toMatchObject({ code: 'invalid_value', path: 'Invoice/cbc:IssueDate' });
  });

  it('accepts a leap day', () => {
    expect(parseUblTr(testInvoiceXml({ issueDate: '2024-02-29' })).issueDate).toBe('2024-02-29');
  });

  it('rejects a document without supplier VKN/TCKN, naming the identification path', () => {
    const e = rejection(testInvoiceXml({ supplierVkn: null }));
    expect(e).toMatchObject({
      code: 'missing_element',
      path: 'Invoice/cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID[@schemeID=VKN]',
    });
    expect(e.describe()).toContain('ETTN 0b9a7a4e');
  });

  it('rejects a document without lines', () => {
    expect(rejection(testInvoiceXml({ lines: [] }))).toMatchObject({ code: 'missing_element', path: 'Invoice/cac:InvoiceLine' });
  });

  it('rejects a line without net amount, naming the line', () => {
    const xml = testInvoiceXml({
      lines: [
        { name: 'a', quantity: '1', net: '50.00' },
        { name: 'b', quantity: '1', net: 'X' },
      ],
    }).replace(/<cbc:LineExtensionAmount currencyID="TRY">X<\/cbc:LineExtensionAmount>/, '');
    expect(rejection(xml)).toMatchObject({ code: 'missing_element', path: 'Invoice/cac:InvoiceLine[2]/cbc:LineExtensionAmount' });
  });
});

describe('parseUblTr: bad input never crashes or hangs', () => {
  const good = testInvoiceXml();

  it.each<[string, string, string]>([
    ['empty', '', 'empty'],
    ['whitespace only', '  \n\t ', 'empty'],
    ['binary garbage', '\u0000\u0001\u0002PK\u0003\u0004\u00ff\u00fe<<>>', 'not_xml'],
    ['plain text', 'this is not xml at all', 'not_xml'],
    ['JSON', '{"invoice": 1}', 'not_xml'],
    ['HTML error page', '<html><body>502 Bad Gateway</body></html>', 'not_ubl_invoice'],
    ['a UBL CreditNote', '<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"></CreditNote>', 'not_ubl_invoice'],
    ['an ApplicationResponse', '<ApplicationResponse xmlns="urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2"/>', 'not_ubl_invoice'],
    ['wrong namespace', good.replace('xsd:Invoice-2"', 'xsd:Invoice-3"'), 'wrong_namespace'],
    ['no namespace at all', '<Invoice><ID>1</ID></Invoice>', 'wrong_namespace'],
    ['truncated in the middle', good.slice(0, Math.floor(good.length / 2)), 'truncated'],
    ['truncated in the closing tag', good.slice(0, good.length - 3), 'truncated'],
    ['truncated in the root start tag', good.slice(0, 60), 'truncated'],
    ['a second root element', good + '<Invoice>', 'malformed_xml'],
    ['text after the root', good + 'garbage', 'malformed_xml'],
    [
      'billion laughs',
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>&lol3;</ID></Invoice>',
      'doctype_forbidden',
    ],
    ['external entity (XXE)', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + good.replace(/^<\?xml[^>]*>/, ''), 'doctype_forbidden'],
    ['plain DOCTYPE', '<!DOCTYPE Invoice>' + good.replace(/^<\?xml[^>]*>/, ''), 'doctype_forbidden'],
    ['unclosed comment in the prolog', '<?xml version="1.0"?><!-- never closed', 'truncated'],
  ])('%s → %s', (_label, xml, code) => {
    const e = rejection(xml);
    expect(e.code).toBe(code);
    expect(e.message.length).toBeGreaterThan(5);
  });

  it('names the ETTN of a truncated document when its text shows one', () => {
    const e = rejection(good.slice(0, good.indexOf('<cac:InvoiceLine>') + 40));
    expect(e).toMatchObject({ code: 'truncated', ettn: '0b9a7a4e-5d2c-4f43-9d8e-2a1c3b4d5e6f' });
  });

  it('handles adversarial repetition in linear time (would hang the suite if quadratic)', () => {
    // Thousands of unclosed comments after the root, and a padded return reference of 300 K spaces.
    expect(rejection(good + '<!--'.repeat(200_000)).code).toBe('truncated');
    const padded = testInvoiceXml({ type: 'IADE' }).replace(
      '<cbc:InvoiceTypeCode>',
      `<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>${' '.repeat(300_000)}x<x/></cbc:ID></cac:InvoiceDocumentReference></cac:BillingReference><cbc:InvoiceTypeCode>`,
    );
    expect(parseUblTr(padded).flags.map((f) => f.code)).toContain('reference_whitespace');
    expect(rejection('<Invoice' + ' '.repeat(300_000)).code).toBe('truncated');
    const manyTags = good.replace('<cbc:UBLVersionID>', `<cbc:Note>${':UBLExtensions'.repeat(100_000)}</cbc:Note><cbc:UBLVersionID>`);
    const longNote = parseUblTr(manyTags);
    expect(longNote.notes[0]).toHaveLength(10_000);
    expect(longNote.flags.map((f) => f.code)).toContain('text_truncated');
    const openTags = good.replace('<cbc:UBLVersionID>', `<cac:X>${'<cbc:EmbeddedDocumentBinaryObject '.repeat(20_000)}/></cac:X><cbc:UBLVersionID>`);
    expect(parsesOrParseError(openTags)).toBe(true);
    const spacedRoot = good.replace('<Invoice ', `<Invoice ${' '.repeat(300_000)}`);
    expect(parseUblTr(spacedRoot).ettn).toBe('0b9a7a4e-5d2c-4f43-9d8e-2a1c3b4d5e6f');
  });

  it('refuses an oversized document before reading it', () => {
    const e = rejection(testInvoiceXml({ extra: `<cbc:Note>${'x'.repeat(5000)}</cbc:Note>` }), { maxChars: 4000 });
    expect(e.code).toBe('too_large');
  });

  it('survives deeply nested elements with a ParseError', () => {
    const deep = '<a>'.repeat(5000) + '</a>'.repeat(5000);
    const xml = good.replace('<cbc:UBLVersionID>', `<cac:X>${deep}</cac:X><cbc:UBLVersionID>`);
    expect(rejection(xml)).toMatchObject({ code: 'too_deep', line: expect.any(Number), column: expect.any(Number) });
  });

  it('survives random corruption of a valid document (no non-ParseError exception)', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 150; i++) {
      const chars = good.split('');
      for (let k = 0; k < 5; k++) chars[random(chars.length)] = '<>/&"\u0000x '[random(10)]!;
      expect(parsesOrParseError(chars.join(''))).toBe(true);
    }
  });
});
