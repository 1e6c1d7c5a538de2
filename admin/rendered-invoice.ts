/**
 * The invoice as its supplier rendered it: the XSLT stylesheet a UBL-TR document embeds
 * (cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject, a .xslt file) applied
 * on the server with xslt-processor, a maintained pure-JS XSLT 1.0 engine that reads no files and makes
 * no requests of its own. Sandboxed three ways: stylesheets that would load anything (xsl:import,
 * xsl:include, document()) are not run; scripts, event handlers and javascript: URLs are stripped from
 * the output; and the page is served with a Content-Security-Policy that allows no script, no request and
 * no navigation, for an <iframe sandbox>. Without a usable stylesheet, a built-in view shows the invoice.
 */
import type express from 'express';
import type { Kysely } from 'kysely';
import { XmlParser, Xslt } from 'xslt-processor';
import type { Database } from '../db/schema.js';
import { PanelUser } from './auth.js';
import { allows } from './roles.js';

const MAX_STYLESHEET_BYTES = 2 * 1024 * 1024;
const LOADS_SOMETHING = /<xsl:(?:import|include)\b|\bdocument\s*\(/;

export const RENDERED_INVOICE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; frame-ancestors 'self'; sandbox";

export interface RenderedInvoice {
  html: string;
  /** Whose rendering it is: the supplier's embedded stylesheet, or our built-in view (and why). */
  source: 'embedded_xslt' | 'built_in';
  note: string | null;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The embedded stylesheet's text, or why there is none to run. */
export function embeddedStylesheet(xml: string): { xslt: string } | { reason: string } {
  for (const match of xml.matchAll(/<(\w+:)?EmbeddedDocumentBinaryObject\b([^>]*)>([^<]*)</g)) {
    const attributes = match[2] ?? '';
    if (!/filename\s*=\s*["'][^"']*\.xslt?["']/i.test(attributes)) continue;
    const base64 = (match[3] ?? '').replace(/\s+/g, '');
    if (base64.length * 0.75 > MAX_STYLESHEET_BYTES) return { reason: 'the embedded stylesheet is larger than 2 MiB' };
    const xslt = Buffer.from(base64, 'base64').toString('utf8').replace(/^\ufeff/, '');
    if (!xslt.includes('<xsl:stylesheet') && !xslt.includes('<xsl:transform')) return { reason: 'the embedded attachment is not an XSLT stylesheet' };
    if (LOADS_SOMETHING.test(xslt)) return { reason: 'the embedded stylesheet loads other documents (xsl:import, xsl:include or document()), which the sandbox does not allow' };
    return { xslt };
  }
  return { reason: 'the document embeds no XSLT stylesheet' };
}

/** What no rendered invoice may keep: scripts, event handlers, javascript: URLs, frames and plug-ins. */
export function stripActiveContent(html: string): string {
  return html
    .replace(/<(script|iframe|object|applet|frameset|noscript)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<\/?(script|iframe|object|embed|frame|frameset|applet|base|meta|link|form)\b[^>]*>/gi, '')
    .replace(/\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '')
    .replace(/(href|src|action|xlink:href)\s*=\s*(["'])\s*(?:javascript|vbscript|data):[^"']*\2/gi, '$1="#"');
}

function builtInView(xml: string, note: string): string {
  const field = (name: string) => escapeHtml(new RegExp(`<cbc:${name}[^>]*>([^<]*)</cbc:${name}>`).exec(xml)?.[1] ?? '—');
  const lines = [...xml.matchAll(/<cac:InvoiceLine\b[\s\S]*?<\/cac:InvoiceLine>/g)].map((m, i) => {
    const line = m[0];
    const text = (re: RegExp) => escapeHtml(re.exec(line)?.[1] ?? '');
    return `<tr><td>${i + 1}</td><td>${text(/<cbc:Name>([^<]*)</)}</td><td>${text(/<cbc:InvoicedQuantity[^>]*>([^<]*)</)} ${text(/unitCode="([^"]*)"/)}</td><td>${text(/<cbc:LineExtensionAmount[^>]*>([^<]*)</)}</td></tr>`;
  });
  return `<!doctype html><html><head><meta charset="utf-8"><title>e-Fatura</title><style>body{font-family:sans-serif;font-size:12px;margin:16px}td,th{border:1px solid #bbb;padding:3px 6px}table{border-collapse:collapse}</style></head><body>
<p><em>${escapeHtml(note)}: built-in view.</em></p>
<h2>Fatura ${field('ID')}</h2><p>Tarih ${field('IssueDate')} · ETTN ${field('UUID')} · ${field('ProfileID')} / ${field('InvoiceTypeCode')} · ${field('DocumentCurrencyCode')}</p>
<table><tr><th>#</th><th>Mal / hizmet</th><th>Miktar</th><th>Tutar</th></tr>${lines.join('')}</table>
<p>Ödenecek tutar: ${field('PayableAmount')}</p></body></html>`;
}

export async function renderInvoice(xml: string): Promise<RenderedInvoice> {
  const found = embeddedStylesheet(xml);
  if ('reason' in found) return { html: builtInView(xml, found.reason), source: 'built_in', note: found.reason };
  try {
    const parser = new XmlParser();
    const html = await new Xslt().xsltProcess(parser.xmlParse(xml), parser.xmlParse(found.xslt));
    return { html: stripActiveContent(html), source: 'embedded_xslt', note: null };
  } catch (error) {
    const reason = `the embedded stylesheet could not be applied (${error instanceof Error ? error.message : String(error)})`;
    return { html: builtInView(xml, reason), source: 'built_in', note: reason };
  }
}

/** GET /admin/invoice/:lineId/rendered — the line's source document, rendered, for the user's organization only. */
export function renderedInvoiceRoute(db: Kysely<Database>): express.RequestHandler {
  return async (req, res, next) => {
    const user = PanelUser.safeParse(req.session.adminUser);
    if (!user.success || !allows(user.data, 'readData')) {
      res.status(403).json({ error: 'sign in to see invoices' });
      return;
    }
    try {
      const lineId = String(req.params.lineId ?? '');
      if (!/^[0-9a-f-]{36}$/i.test(lineId)) {
        res.status(404).json({ error: 'no such line' });
        return;
      }
      const row = await db
        .selectFrom('inventory_lines as l')
        .innerJoin('invoices as i', 'i.id', 'l.invoice_id')
        .innerJoin('source_documents as s', (join) => join.on((eb) => eb('s.id', '=', eb.fn.coalesce('l.source_document_id', 'i.source_document_id'))))
        .select(['s.xml'])
        .where('l.id', '=', lineId)
        .where('l.organization_id', '=', user.data.organizationId)
        .executeTakeFirst();
      if (!row) {
        res.status(404).json({ error: 'no such line' });
        return;
      }
      const rendered = await renderInvoice(row.xml);
      res.setHeader('Content-Security-Policy', RENDERED_INVOICE_CSP);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('X-Rendered-By', rendered.source);
      res.type('html').send(rendered.html);
    } catch (error) {
      next(error);
    }
  };
}
