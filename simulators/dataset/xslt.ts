import type { Supplier } from './suppliers.js';
import { esc } from './xml-text.js';

/**
 * The display stylesheet integrators embed (base64) in cac:AdditionalDocumentReference. It is a real,
 * GİB-style XSLT (n1: prefix for the Invoice namespace, ubl-tr.md §1) of ~20 KB; the base64 is built
 * once per supplier and cached.
 */
const rows = [
  ['Fatura No', 'n1:Invoice/cbc:ID'], ['Fatura Tarihi', 'n1:Invoice/cbc:IssueDate'], ['Senaryo', 'n1:Invoice/cbc:ProfileID'],
  ['Fatura Tipi', 'n1:Invoice/cbc:InvoiceTypeCode'], ['ETTN', 'n1:Invoice/cbc:UUID'], ['Para Birimi', 'n1:Invoice/cbc:DocumentCurrencyCode'],
];
const totals = [
  ['Mal Hizmet Toplam Tutarı', 'cbc:LineExtensionAmount'], ['Vergi Hariç Tutar', 'cbc:TaxExclusiveAmount'],
  ['Vergiler Dahil Toplam Tutar', 'cbc:TaxInclusiveAmount'], ['Ödenecek Tutar', 'cbc:PayableAmount'],
];
const css = `body{font-family:Tahoma,Arial,sans-serif;font-size:11px;color:#222;margin:24px}
table{border-collapse:collapse}td,th{padding:3px 6px;vertical-align:top}
#lineTable{width:100%;border:1px solid #999}#lineTable th{background:#e8e8e8;border:1px solid #999;font-weight:bold}
#lineTable td{border:1px solid #bbb}#totalsTable td{border:1px solid #999;text-align:right}
.header{font-size:13px;font-weight:bold}.muted{color:#666}.right{text-align:right}.ettn{font-family:Consolas,monospace}
#despatchTable td{border:1px solid #999}.qr{width:120px;height:120px;border:1px solid #ccc}`;

function stylesheet(supplier: Supplier): string {
  const partyBlock = (path: string, title: string) => `
      <table class="party">
        <tr><td class="header">${title}</td></tr>
        <xsl:for-each select="${path}/cac:Party">
          <tr><td><xsl:value-of select="cac:PartyName/cbc:Name"/><xsl:if test="cac:Person"><xsl:value-of select="cac:Person/cbc:FirstName"/><xsl:text> </xsl:text><xsl:value-of select="cac:Person/cbc:FamilyName"/></xsl:if></td></tr>
          <tr><td><xsl:value-of select="cac:PostalAddress/cbc:StreetName"/><xsl:text> No:</xsl:text><xsl:value-of select="cac:PostalAddress/cbc:BuildingNumber"/></td></tr>
          <tr><td><xsl:value-of select="cac:PostalAddress/cbc:CitySubdivisionName"/><xsl:text> / </xsl:text><xsl:value-of select="cac:PostalAddress/cbc:CityName"/></td></tr>
          <tr><td><xsl:text>Vergi Dairesi: </xsl:text><xsl:value-of select="cac:PartyTaxScheme/cac:TaxScheme/cbc:Name"/></td></tr>
          <xsl:for-each select="cac:PartyIdentification"><tr><td><xsl:value-of select="cbc:ID/@schemeID"/><xsl:text>: </xsl:text><xsl:value-of select="cbc:ID"/></td></tr></xsl:for-each>
        </xsl:for-each>
      </table>`;
  const headerRows = rows.map(([label, path]) => `
        <tr><td class="header">${label}:</td><td><xsl:value-of select="${path}"/></td></tr>`).join('');
  const totalRows = totals.map(([label, el]) => `
        <tr><td class="header">${label}</td><td><xsl:call-template name="amount"><xsl:with-param name="node" select="n1:Invoice/cac:LegalMonetaryTotal/${el}"/></xsl:call-template></td></tr>`).join('');
  // Integrators ship one template per tax type; repeating the per-tax section is what makes real XSLTs long.
  const taxSections = ['0015', '0071', '4071', '8002', '8004', '8008', '0059', '4080', '9015'].map((code) => `
  <xsl:template name="tax${code}">
    <xsl:for-each select="n1:Invoice/cac:TaxTotal/cac:TaxSubtotal[cac:TaxCategory/cac:TaxScheme/cbc:TaxTypeCode='${code}']">
      <tr>
        <td class="header"><xsl:value-of select="cac:TaxCategory/cac:TaxScheme/cbc:Name"/><xsl:if test="cbc:Percent"><xsl:text> (%</xsl:text><xsl:value-of select="cbc:Percent"/><xsl:text>)</xsl:text></xsl:if></td>
        <td class="right"><xsl:value-of select="format-number(cbc:TaxAmount, '###.##0,00', 'european')"/><xsl:text> </xsl:text><xsl:value-of select="cbc:TaxAmount/@currencyID"/></td>
      </tr>
    </xsl:for-each>
  </xsl:template>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:n1="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
  xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"
  xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:xades="http://uri.etsi.org/01903/v1.3.2#"
  exclude-result-prefixes="n1 cac cbc ext ds xades">
  <!-- ${esc(supplier.name)} e-Fatura görüntüleme şablonu -->
  <xsl:decimal-format name="european" decimal-separator="," grouping-separator="." NaN=""/>
  <xsl:output method="html" version="4.0" encoding="UTF-8" indent="no"/>
  <xsl:param name="supplierVkn" select="'${supplier.vkn}'"/>
  <xsl:template match="/">
    <html>
      <head><title>e-Fatura</title><style type="text/css">${css}</style></head>
      <body>
      <table width="100%"><tr>
        <td width="40%">${partyBlock('n1:Invoice/cac:AccountingSupplierParty', esc(supplier.name))}</td>
        <td width="20%" align="center"><img alt="GİB Logo" style="width:91px" src="data:image/jpeg;base64,/9j/4AAQSkZJRgABAQEAYABgAAD"/><h1>e-FATURA</h1></td>
        <td width="40%"><div class="qr"/></td>
      </tr></table>
      <hr/>
      <table width="100%"><tr>
        <td width="60%">${partyBlock('n1:Invoice/cac:AccountingCustomerParty', 'SAYIN')}</td>
        <td width="40%"><table id="despatchTable">${headerRows}
        </table></td>
      </tr></table>
      <table id="lineTable">
        <tr><th>Sıra No</th><th>Mal Hizmet</th><th>Miktar</th><th>Birim Fiyat</th><th>İskonto</th><th>KDV Oranı</th><th>KDV Tutarı</th><th>Diğer Vergiler</th><th>Mal Hizmet Tutarı</th></tr>
        <xsl:for-each select="n1:Invoice/cac:InvoiceLine">
          <tr>
            <td><xsl:value-of select="cbc:ID"/></td>
            <td><xsl:value-of select="cac:Item/cbc:Name"/></td>
            <td class="right"><xsl:value-of select="format-number(cbc:InvoicedQuantity, '###.###,##', 'european')"/><xsl:text> </xsl:text><xsl:call-template name="unit"><xsl:with-param name="code" select="cbc:InvoicedQuantity/@unitCode"/></xsl:call-template></td>
            <td class="right"><xsl:value-of select="format-number(cac:Price/cbc:PriceAmount, '###.##0,########', 'european')"/></td>
            <td class="right"><xsl:value-of select="cac:AllowanceCharge/cbc:MultiplierFactorNumeric"/></td>
            <td class="right"><xsl:for-each select="cac:TaxTotal/cac:TaxSubtotal[cac:TaxCategory/cac:TaxScheme/cbc:TaxTypeCode='0015']"><xsl:text>%</xsl:text><xsl:value-of select="cbc:Percent"/></xsl:for-each></td>
            <td class="right"><xsl:for-each select="cac:TaxTotal/cac:TaxSubtotal[cac:TaxCategory/cac:TaxScheme/cbc:TaxTypeCode='0015']"><xsl:value-of select="format-number(cbc:TaxAmount, '###.##0,00', 'european')"/></xsl:for-each></td>
            <td><xsl:for-each select="cac:TaxTotal/cac:TaxSubtotal[cac:TaxCategory/cac:TaxScheme/cbc:TaxTypeCode!='0015']"><xsl:value-of select="cac:TaxCategory/cac:TaxScheme/cbc:Name"/><xsl:text> </xsl:text><xsl:value-of select="format-number(cbc:TaxAmount, '###.##0,00', 'european')"/><br/></xsl:for-each></td>
            <td class="right"><xsl:value-of select="format-number(cbc:LineExtensionAmount, '###.##0,00', 'european')"/></td>
          </tr>
        </xsl:for-each>
      </table>
      <table id="totalsTable" align="right">${totalRows}
        <xsl:call-template name="tax0015"/><xsl:call-template name="tax0071"/><xsl:call-template name="tax4071"/><xsl:call-template name="tax8002"/>
        <xsl:call-template name="tax8004"/><xsl:call-template name="tax8008"/><xsl:call-template name="tax0059"/><xsl:call-template name="tax4080"/>
      </table>
      <br clear="all"/>
      <table width="100%"><xsl:for-each select="n1:Invoice/cbc:Note"><tr><td class="muted"><xsl:value-of select="."/></td></tr></xsl:for-each></table>
      <p class="ettn">ETTN: <xsl:value-of select="n1:Invoice/cbc:UUID"/></p>
      </body>
    </html>
  </xsl:template>
  <xsl:template name="amount">
    <xsl:param name="node"/>
    <xsl:value-of select="format-number($node, '###.##0,00', 'european')"/><xsl:text> </xsl:text>
    <xsl:choose><xsl:when test="$node/@currencyID = 'TRY'"><xsl:text>TL</xsl:text></xsl:when><xsl:otherwise><xsl:value-of select="$node/@currencyID"/></xsl:otherwise></xsl:choose>
  </xsl:template>
  <xsl:template name="unit">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'KWH'">kWh</xsl:when><xsl:when test="$code = 'MWH'">MWh</xsl:when><xsl:when test="$code = 'SM3'">Sm3</xsl:when>
      <xsl:when test="$code = 'MTQ'">m3</xsl:when><xsl:when test="$code = 'LTR'">Lt</xsl:when><xsl:when test="$code = 'KGM'">Kg</xsl:when>
      <xsl:when test="$code = 'TNE'">Ton</xsl:when><xsl:when test="$code = 'C62'">Adet</xsl:when><xsl:when test="$code = 'NIU'">Adet</xsl:when>
      <xsl:when test="$code = 'DAY'">Gün</xsl:when><xsl:when test="$code = 'MON'">Ay</xsl:when><xsl:when test="$code = 'HUR'">Saat</xsl:when>
      <xsl:when test="$code = 'KWT'">kW</xsl:when><xsl:when test="$code = 'K3'">kVArh</xsl:when><xsl:when test="$code = 'BX'">Kutu</xsl:when>
      <xsl:when test="$code = 'PA'">Paket</xsl:when><xsl:when test="$code = 'ANN'">Yıl</xsl:when>
      <xsl:otherwise><xsl:value-of select="$code"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>${taxSections}
</xsl:stylesheet>
`;
}

const cache = new Map<number, string>();

/** base64 of the supplier's display XSLT, built once. */
export function xsltBase64(supplier: Supplier): string {
  let b64 = cache.get(supplier.no);
  if (!b64) {
    b64 = Buffer.from(stylesheet(supplier), 'utf8').toString('base64');
    cache.set(supplier.no, b64);
  }
  return b64;
}
