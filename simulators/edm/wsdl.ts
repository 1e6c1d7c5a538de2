/**
 * The EFaturaEDM WSDL as the simulator serves it (`?singleWsdl`, `?wsdl`): abbreviated to the
 * operations implemented, with REQUEST_HEADERType, INVOICE_SEARCH_KEY, INVOICE and REQUEST_ERRORType
 * as providers.md §4 describes them. Children are unqualified (elementFormDefault="unqualified").
 * The fault detail element is `REQUEST_ERRORType`, the name the service sends (WCF names a typed
 * fault's detail after its type), and the xmlmime attribute CONTENT refers to has its own schema, so
 * strict WSDL tools (zeep) can resolve every reference.
 */
import { wsdlDocument } from '../soap/wsdl.js';

const el = (name: string, type = 'xs:string', min = 0, max = '1') => `<xs:element name="${name}" type="${type}" minOccurs="${min}" maxOccurs="${max}"/>`;
const seq = (...items: string[]) => `<xs:sequence>${items.join('')}</xs:sequence>`;
const headerFields = ['SENDER', 'RECEIVER', 'SUPPLIER', 'CUSTOMER', 'ISSUE_DATE'].map((n) => el(n)).join('') +
  '<xs:element name="PAYABLE_AMOUNT" minOccurs="0"><xs:complexType><xs:simpleContent><xs:extension base="xs:decimal"><xs:attribute name="currencyID" type="xs:string"/></xs:extension></xs:simpleContent></xs:complexType></xs:element>' +
  ['FROM', 'TO', 'PROFILEID', 'INVOICE_TYPE', 'STATUS', 'STATUS_DESCRIPTION', 'GIB_STATUS_CODE', 'GIB_STATUS_DESCRIPTION'].map((n) => el(n)).join('') +
  el('CDATE', 'xs:dateTime') + el('ENVELOPE_IDENTIFIER') + el('DIRECTION') + el('EARCHIVE', 'xs:boolean', 1) + el('INTERNETSALES', 'xs:boolean') + el('ISACTIVE', 'xs:boolean') + el('MARKED', 'xs:boolean');

const XMLMIME_NS = 'http://www.w3.org/2005/05/xmlmime';
/** The one declaration of the W3C xmlmime schema that CONTENT uses. */
const xmlmimeSchema = `<xs:schema targetNamespace="${XMLMIME_NS}"><xs:attribute name="contentType"><xs:simpleType><xs:restriction base="xs:string"><xs:minLength value="3"/></xs:restriction></xs:simpleType></xs:attribute></xs:schema>`;

const schema = `<xs:schema targetNamespace="http://tempuri.org/" elementFormDefault="unqualified" xmlns:tns="http://tempuri.org/" xmlns:xmlmime="${XMLMIME_NS}">
<xs:import namespace="${XMLMIME_NS}"/>
<xs:complexType name="REQUEST_HEADERType">${seq(el('SESSION_ID', 'xs:token'), el('CLIENT_TXN_ID', 'xs:token'), el('ACTION_DATE', 'xs:dateTime'), el('REASON'), el('APPLICATION_NAME'), el('HOSTNAME'), el('CHANNEL_NAME'), el('COMPRESSED'))}</xs:complexType>
<xs:complexType name="REQUEST_RETURNType">${seq(el('RETURN_CODE', 'xs:int', 1), el('INTL_TXN_ID', 'xs:long'), el('CLIENT_TXN_ID', 'xs:token'))}</xs:complexType>
<xs:complexType name="REQUEST_ERRORType">${seq(el('ERROR_CODE', 'xs:int', 1), el('ERROR_SHORT_DES'), el('ERROR_LONG_DES'), el('CLIENT_TXN_ID'), el('INTL_TXN_ID'), el('ERROR_ELEMENT_INDEX', 'xs:int'), el('STACKTRACE'))}</xs:complexType>
<xs:element name="REQUEST_ERRORType" type="tns:REQUEST_ERRORType"/>
<xs:complexType name="INVOICE_SEARCH_KEYType">${seq(el('LIMIT', 'xs:int'), el('ID'), el('UUID'), el('START_DATE', 'xs:date'), el('END_DATE', 'xs:date'), el('CR_START_DATE', 'xs:dateTime'), el('CR_END_DATE', 'xs:dateTime'), el('READ_INCLUDED', 'xs:boolean'), el('DIRECTION'))}</xs:complexType>
<xs:complexType name="INVOICE">${seq(`<xs:element name="HEADER" minOccurs="0"><xs:complexType>${seq(headerFields)}</xs:complexType></xs:element>`, '<xs:element name="CONTENT" minOccurs="0"><xs:complexType><xs:simpleContent><xs:extension base="xs:base64Binary"><xs:attribute ref="xmlmime:contentType"/></xs:extension></xs:simpleContent></xs:complexType></xs:element>')}
<xs:attribute name="TRXID" type="xs:long" use="required"/><xs:attribute name="UUID" type="xs:string"/><xs:attribute name="ID" type="xs:string"/></xs:complexType>
<xs:complexType name="USER">${seq(el('IDENTIFIER'), el('ALIAS'), el('TITLE'), el('TYPE'), el('UNIT'), el('REGISTER_TIME', 'xs:dateTime'), el('ALIAS_REMOVAL_TIME', 'xs:dateTime'))}</xs:complexType>
<xs:element name="LoginRequest"><xs:complexType>${seq(el('REQUEST_HEADER', 'tns:REQUEST_HEADERType', 1), el('USER_NAME', 'xs:string', 1), el('PASSWORD', 'xs:string', 1), el('SECRET_KEY'))}</xs:complexType></xs:element>
<xs:element name="LoginResponse"><xs:complexType>${seq(el('REQUEST_RETURN', 'tns:REQUEST_RETURNType'), el('SESSION_ID', 'xs:token'))}</xs:complexType></xs:element>
<xs:element name="LogoutRequest"><xs:complexType>${seq(el('REQUEST_HEADER', 'tns:REQUEST_HEADERType', 1))}</xs:complexType></xs:element>
<xs:element name="LogoutResponse"><xs:complexType>${seq(el('REQUEST_RETURN', 'tns:REQUEST_RETURNType'))}</xs:complexType></xs:element>
<xs:element name="GetInvoiceRequest"><xs:complexType>${seq(el('REQUEST_HEADER', 'tns:REQUEST_HEADERType', 1), el('INVOICE_SEARCH_KEY', 'tns:INVOICE_SEARCH_KEYType', 1), el('HEADER_ONLY'), el('INVOICE_CONTENT_TYPE'))}</xs:complexType></xs:element>
<xs:element name="GetInvoiceResponse"><xs:complexType>${seq(el('INVOICE', 'tns:INVOICE', 0, 'unbounded'))}</xs:complexType></xs:element>
<xs:element name="MarkInvoiceRequest"><xs:complexType>${seq(el('REQUEST_HEADER', 'tns:REQUEST_HEADERType', 1), `<xs:element name="MARK"><xs:complexType>${seq(el('INVOICE', 'tns:INVOICE', 0, 'unbounded'))}<xs:attribute name="value" type="xs:string"/></xs:complexType></xs:element>`)}</xs:complexType></xs:element>
<xs:element name="MarkInvoiceResponse"><xs:complexType>${seq(el('REQUEST_RETURN', 'tns:REQUEST_RETURNType'))}</xs:complexType></xs:element>
<xs:element name="CheckUserRequest"><xs:complexType>${seq(el('REQUEST_HEADER', 'tns:REQUEST_HEADERType', 1), el('USER', 'tns:USER'))}</xs:complexType></xs:element>
<xs:element name="CheckUserResponse"><xs:complexType>${seq(el('USER', 'tns:USER', 0, 'unbounded'))}</xs:complexType></xs:element>
<xs:element name="CheckCounterRequest"><xs:complexType>${seq(el('REQUEST_HEADER', 'tns:REQUEST_HEADERType', 1))}</xs:complexType></xs:element>
<xs:element name="CheckCounterResponse"><xs:complexType>${seq(el('COUNTER_LEFT', 'xs:int'))}</xs:complexType></xs:element>
<xs:element name="GetInvoiceStatusRequest"><xs:complexType>${seq(el('REQUEST_HEADER', 'tns:REQUEST_HEADERType', 1), el('INVOICE', 'tns:INVOICE'))}</xs:complexType></xs:element>
<xs:element name="GetInvoiceStatusResponse"><xs:complexType>${seq(`<xs:element name="INVOICE_STATUS" minOccurs="0"><xs:complexType>${seq(...['UUID', 'ID', 'STATUS', 'STATUS_DESCRIPTION', 'GIB_STATUS_CODE', 'GIB_STATUS_DESCRIPTION', 'CDATE'].map((n) => el(n)))}</xs:complexType></xs:element>`)}</xs:complexType></xs:element>
</xs:schema>`;

const operations = ['Login', 'Logout', 'GetInvoice', 'MarkInvoice', 'CheckUser', 'CheckCounter', 'GetInvoiceStatus'];

export function edmWsdl(address: string): string {
  return wsdlDocument({
    targetNamespace: 'http://tempuri.org/',
    serviceName: 'EFaturaEDM',
    portName: 'EFaturaEDMPort',
    portTypeName: 'EFaturaEDMPort',
    bindingName: 'EFaturaEDMPortBinding',
    address,
    schemas: xmlmimeSchema + schema,
    operations: operations.map((name) => ({ name, action: `${name}Request`, input: `${name}Request`, output: `${name}Response`, fault: 'REQUEST_ERRORType' })),
  });
}
