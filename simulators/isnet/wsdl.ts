/**
 * The İşNet InvoiceService WSDL as the simulator serves it (`?singleWsdl`, `?wsdl`): tempuri
 * operation wrappers and EInvoice.Service.Model DataContract types, members in DataContract order.
 */
import { wsdlDocument } from '../soap/wsdl.js';
import { INVOICE_MEMBERS, MODEL_NS, PAGING_MEMBERS, PAGING_RESPONSE_MEMBERS, RESULT_SET_MEMBERS, SEARCH_ALL_MEMBERS, SEARCH_RESULT_MEMBERS, VIEWER_LINK_MEMBERS, VIEWER_LINK_RESULT_MEMBERS } from './members.js';

const types: Record<string, string> = {
  CompanyTaxCode: 'xs:string', CompanyVendorNumber: 'xs:string', ETTN: 'xs:string', InvoiceDirection: 'tns:InvoiceDirection',
  InvoiceNumber: 'xs:string', MaxInvoiceDate: 'xs:string', MinInvoiceDate: 'xs:string', PagingRequest: 'tns:PagingRequest',
  ReceiverTaxCode: 'xs:string', ResultSet: 'tns:ResultSet', IncludeMainCompany: 'xs:boolean', ScenarioType: 'xs:string',
  PageNumber: 'xs:int', RecordsPerPage: 'xs:int', InvoiceDate: 'xs:dateTime', InvoiceXml: 'xs:base64Binary',
  CurrentPage: 'xs:int', TotalPages: 'xs:int', TotalRecords: 'xs:int', ErrorCode: 'xs:int', Message: 'xs:string',
  Invoices: 'tns:ArrayOfInvoice', IsSucceded: 'xs:boolean', PagingResponse: 'tns:PagingResponse',
};

function contract(name: string, members: readonly string[]): string {
  const sequence = [...members].sort().map((m) => `<xs:element minOccurs="0" name="${m}" nillable="true" type="${types[m] ?? (m.startsWith('Is') ? 'xs:boolean' : 'xs:string')}"/>`).join('');
  return `<xs:complexType name="${name}"><xs:sequence>${sequence}</xs:sequence></xs:complexType>`;
}

const modelSchema = `<xs:schema elementFormDefault="qualified" targetNamespace="${MODEL_NS}" xmlns:tns="${MODEL_NS}">
<xs:simpleType name="InvoiceDirection"><xs:restriction base="xs:string"><xs:enumeration value="Incoming"/><xs:enumeration value="Outgoing"/></xs:restriction></xs:simpleType>
${contract('SearchInvoiceRequest', SEARCH_ALL_MEMBERS)}${contract('PagingRequest', PAGING_MEMBERS)}${contract('ResultSet', RESULT_SET_MEMBERS)}
${contract('Invoice', INVOICE_MEMBERS)}<xs:complexType name="ArrayOfInvoice"><xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="Invoice" nillable="true" type="tns:Invoice"/></xs:sequence></xs:complexType>
${contract('PagingResponse', PAGING_RESPONSE_MEMBERS)}${contract('SearchInvoiceResult', SEARCH_RESULT_MEMBERS)}
${contract('DocumentViewerLinkRequest', VIEWER_LINK_MEMBERS)}${contract('DocumentViewerLinkResult', VIEWER_LINK_RESULT_MEMBERS)}
</xs:schema>`;

const operationSchema = (op: string, requestType: string, resultType: string) =>
  `<xs:element name="${op}"><xs:complexType><xs:sequence><xs:element minOccurs="0" name="request" nillable="true" type="q:${requestType}"/></xs:sequence></xs:complexType></xs:element>` +
  `<xs:element name="${op}Response"><xs:complexType><xs:sequence><xs:element minOccurs="0" name="${op}Result" nillable="true" type="q:${resultType}"/></xs:sequence></xs:complexType></xs:element>`;

const healthCheckSchema = '<xs:element name="HealthCheck"><xs:complexType><xs:sequence/></xs:complexType></xs:element>' +
  '<xs:element name="HealthCheckResponse"><xs:complexType><xs:sequence><xs:element minOccurs="0" name="HealthCheckResult" nillable="true" type="xs:string"/></xs:sequence></xs:complexType></xs:element>';

const tempuriSchema = `<xs:schema elementFormDefault="qualified" targetNamespace="http://tempuri.org/" xmlns:q="${MODEL_NS}"><xs:import namespace="${MODEL_NS}"/>` +
  `${operationSchema('SearchInvoice', 'SearchInvoiceRequest', 'SearchInvoiceResult')}${operationSchema('SearchAllInvoice', 'SearchInvoiceRequest', 'SearchInvoiceResult')}` +
  `${operationSchema('GetDocumentViewerLink', 'DocumentViewerLinkRequest', 'DocumentViewerLinkResult')}${healthCheckSchema}</xs:schema>`;

export function isnetWsdl(address: string): string {
  return wsdlDocument({
    targetNamespace: 'http://tempuri.org/',
    serviceName: 'InvoiceService',
    portName: 'BasicHttpBinding_IInvoiceService',
    portTypeName: 'IInvoiceService',
    bindingName: 'BasicHttpBinding_IInvoiceService',
    address,
    schemas: modelSchema + tempuriSchema,
    operations: ['SearchInvoice', 'SearchAllInvoice', 'GetDocumentViewerLink', 'HealthCheck'].map((name) => ({ name, action: `http://tempuri.org/IInvoiceService/${name}`, input: name, output: `${name}Response` })),
  });
}
