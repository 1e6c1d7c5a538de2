import { describe, expect, it } from 'vitest';
import { assertCompleteXml, completeXml } from './complete-xml.js';
import { ContentError } from './content.js';

const invoice = '<?xml version="1.0" encoding="UTF-8"?><!-- signed --><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>A1</ID></Invoice>\n';

describe('assertCompleteXml', () => {
  it('passes a whole document, prolog and comments before its root', () => {
    expect(assertCompleteXml(invoice)).toBe(invoice);
    expect(completeXml()(Buffer.from(invoice).toString('base64'))).toBe(invoice);
  });

  it('refuses an HTML page and a document cut off, naming which', () => {
    expect(() => assertCompleteXml('<!DOCTYPE html><html><body>Hata</body></html>')).toThrow(new ContentError('content is an HTML page, not an invoice'));
    expect(() => assertCompleteXml(invoice.slice(0, invoice.length / 2))).toThrow(/ends before its <Invoice> root element closes/);
    expect(() => assertCompleteXml('<?xml version="1.0"?>')).toThrow(/holds no XML element/);
  });
});
