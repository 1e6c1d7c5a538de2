/**
 * The İşNet InvoiceService WSDL as the simulator serves it (`?singleWsdl`, `?wsdl`): tempuri
 * operation wrappers and EInvoice.Service.Model DataContract types, members in DataContract order.
 */
import { wsdlDocument } from '../soap/wsdl.js';
import { INVOICE_MEMBERS, MODEL_NS, PAGING_MEMBERS, RESULT_SET_MEMBERS, SEARCH_ALL_MEMBERS } from './members.js';

const types: Record<string, string> = {
  CompanyTaxCode: 'xs:string', CompanyVendorNumber: 'xs:string', ETTN: 'xs:string', InvoiceDirection: 'tns:InvoiceDirection',
  InvoiceNumber: 'xs:string', MaxInvoiceDate: 'xs:string', MinInvoiceDate: 'xs:string', PagingRequest: 'tns:PagingRequest',
  ReceiverTaxCode: 'xs:string', ResultSet: 'tns:ResultSet', IncludeMainCompany: 'xs:boolean', ScenarioType: 'xs:string',
  PageNumber: 'xs:int', RecordsPerPage: 'xs:int', InvoiceDate: 'xs:dateTime', XmlContent: 'xs:base64Binary',
  CurrentPage: 'xs:int', TotalPageCount: 'xs:int', TotalRecordCount: 'xs:int', ErrorCode: 'xs:int', ErrorMessage: 'xs:string',
  Invoices: 'tns:ArrayOfInvoice', IsSucceeded: 'xs:boolean', PagingResponse: 'tns:PagingResponse',
};

function contract(name: string, members: readonly string[]): string {
  const sequence = [...members].sort().map((m) => `<xs:element minOccurs="0" name="${m}" nillable="true" type="${types[m] ?? (m.startsWith('Is') ? 'xs:boolean' : 'xs:string')}"/>`).join('');
  return `<xs:complexType name="${name}"><xs:sequence>${sequence}</xs:sequence></xs:complexType>`;
}

const modelSchema = `<xs:schema elementFormDefault="qualified" targetNamespace="${MODEL_NS}" xmlns:tns="${MODEL_NS}">
<xs:simpleType name="InvoiceDirection"><xs:restriction base="xs:string"><xs:enumeration value="Incoming"/><xs:enumeration value="Outgoing"/></xs:restriction></xs:simpleType>
${contract('SearchInvoiceRequest', SEARCH_ALL_MEMBERS)}${contract('PagingRequest', PAGING_MEMBERS)}${contract('ResultSet', RESULT_SET_MEMBERS)}
${contract('Invoice', INVOICE_MEMBERS)}<xs:complexType name="ArrayOfInvoice"><xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="Invoice" nillable="true" type="tns:Invoice"/></xs:sequence></xs:complexType>
${contract('PagingResponse', ['CurrentPage', 'RecordsPerPage', 'TotalPageCount', 'TotalRecordCount'])}${contract('SearchInvoiceResult', ['ErrorCode', 'ErrorMessage', 'Invoices', 'IsSucceeded', 'PagingResponse'])}
</xs:schema>`;

const operationSchema = (op: string) =>
  `<xs:element name="${op}"><xs:complexType><xs:sequence><xs:element minOccurs="0" name="request" nillable="true" type="q:SearchInvoiceRequest"/></xs:sequence></xs:complexType></xs:element>` +
  `<xs:element name="${op}Response"><xs:complexType><xs:sequence><xs:element minOccurs="0" name="${op}Result" nillable="true" type="q:SearchInvoiceResult"/></xs:sequence></xs:complexType></xs:element>`;

const tempuriSchema = `<xs:schema elementFormDefault="qualified" targetNamespace="http://tempuri.org/" xmlns:q="${MODEL_NS}"><xs:import namespace="${MODEL_NS}"/>${operationSchema('SearchInvoice')}${operationSchema('SearchAllInvoice')}</xs:schema>`;

export function isnetWsdl(address: string): string {
  return wsdlDocument({
    targetNamespace: 'http://tempuri.org/',
    serviceName: 'InvoiceService',
    portName: 'BasicHttpBinding_IInvoiceService',
    portTypeName: 'IInvoiceService',
    bindingName: 'BasicHttpBinding_IInvoiceService',
    address,
    schemas: modelSchema + tempuriSchema,
    operations: ['SearchInvoice', 'SearchAllInvoice'].map((name) => ({ name, action: `http://tempuri.org/IInvoiceService/${name}`, input: name, output: `${name}Response` })),
  });
}
