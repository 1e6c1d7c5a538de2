/**
 * Content that decodes to text starting with `<` is not yet an invoice: a proxy's HTML page or a
 * document cut off in transit would pass `decodeDocument` and fail much later, in the parser, far
 * from the provider call that delivered it. This check runs at the boundary and turns both into a
 * ContentError, so the document arrives in `page.failed` with a reason. It looks only at the root
 * element's name and the document's last tag: no second parse of the XML.
 */
import { ContentError, decodeInvoiceContent } from './content.js';

const rootPattern = /<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]/g;

function rootName(xml: string): { qname: string; local: string } | undefined {
  rootPattern.lastIndex = 0;
  for (let match = rootPattern.exec(xml); match; match = rootPattern.exec(xml)) {
    const before = xml[match.index + 1];
    if (before === '?' || before === '!') continue;
    return { qname: `${match[1] ?? ''}${match[2] ?? ''}`, local: match[2] ?? '' };
  }
  return undefined;
}

/** Throws a ContentError unless `xml` is one complete XML document whose root is not an HTML page. */
export function assertCompleteXml(xml: string): string {
  const root = rootName(xml);
  if (!root) throw new ContentError('content holds no XML element');
  if (root.local.toLowerCase() === 'html') throw new ContentError('content is an HTML page, not an invoice');
  if (!xml.trimEnd().endsWith(`</${root.qname}>`)) throw new ContentError(`content ends before its <${root.qname}> root element closes (cut off)`);
  return xml;
}

/** A content decoder (default: base64 of plain, zip or gzip XML) followed by assertCompleteXml. */
export function completeXml(decode: (content: string) => string = decodeInvoiceContent): (content: string) => string {
  return (content) => assertCompleteXml(decode(content));
}
