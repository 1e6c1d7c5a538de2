/**
 * The Uyumsoft / CRS WSDL as the simulator serves it at `?wsdl` and `?singleWsdl` (one flattened
 * document). Abbreviated to the operations the simulator implements; names, attribute/element style
 * and namespaces follow providers.md §2.
 */
import { wsdlDocument } from '../soap/wsdl.js';
import type { UyumsoftBrand } from './service.js';

const vatAttributes = [1, 8, 10, 18, 20].flatMap((rate) => [`Vat${rate}`, `Vat${rate}TaxableAmount`]);
const listItemAttributes = [
  'InvoiceId', 'DocumentId', 'Type', 'TypeCode', 'InvoiceTipType', 'InvoiceTipTypeCode', 'TargetTcknVkn', 'TargetTitle', 'EnvelopeIdentifier', 'Status',
  'StatusCode', 'EnvelopeStatus', 'EnvelopeStatusCode', 'Message', 'CreateDateUtc', 'ExecutionDate', 'PayableAmount', 'TaxTotal', 'TaxExclusiveAmount',
  'DocumentCurrencyCode', 'ExchangeRate', ...vatAttributes, 'OrderDocumentId', 'IsArchived', 'IsNew', 'IsSeen',
];

/** `valueType` names the Value element's type; `xs:boolean` makes Value an attribute of the result (scalars). */
function response(name: string, valueType?: string): string {
  const scalar = valueType?.startsWith('xs:');
  const value = valueType && !scalar ? `<xs:sequence><xs:element minOccurs="0" name="Value" type="tns:${valueType}"/></xs:sequence>` : '';
  return `<xs:element name="${name}Response"><xs:complexType><xs:sequence><xs:element minOccurs="0" name="${name}Result"><xs:complexType>${value}` +
    `<xs:attribute name="IsSucceded" type="xs:boolean" use="required"/><xs:attribute name="Message" type="xs:string"/>${scalar ? `<xs:attribute name="Value" type="${valueType}"/>` : ''}</xs:complexType></xs:element></xs:sequence></xs:complexType></xs:element>`;
}

function request(name: string, params: string): string {
  return `<xs:element name="${name}"><xs:complexType><xs:sequence><xs:element minOccurs="0" name="userInfo" type="tns:UserInformation"/>${params}</xs:sequence></xs:complexType></xs:element>`;
}

const schema = `<xs:schema elementFormDefault="qualified" targetNamespace="http://tempuri.org/" xmlns:tns="http://tempuri.org/">
<xs:complexType name="UserInformation"><xs:attribute name="Username" type="xs:string"/><xs:attribute name="Password" type="xs:string"/></xs:complexType>
<xs:complexType name="ArrayOfString"><xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="string" nillable="true" type="xs:string"/></xs:sequence></xs:complexType>
<xs:complexType name="InboxInvoiceListQueryModel"><xs:sequence>
<xs:element minOccurs="0" name="ExecutionStartDate" nillable="true" type="xs:dateTime"/><xs:element minOccurs="0" name="ExecutionEndDate" nillable="true" type="xs:dateTime"/>
<xs:element minOccurs="0" name="CreateStartDate" nillable="true" type="xs:dateTime"/><xs:element minOccurs="0" name="CreateEndDate" nillable="true" type="xs:dateTime"/>
<xs:element minOccurs="0" name="InvoiceIds" type="tns:ArrayOfString"/></xs:sequence>
<xs:attribute name="PageIndex" type="xs:int" use="required"/><xs:attribute name="PageSize" type="xs:int" use="required"/><xs:attribute name="OnlyNewestInvoices" type="xs:boolean"/></xs:complexType>
<xs:complexType name="InboxInvoiceListItem">${listItemAttributes.map((a) => `<xs:attribute name="${a}" type="xs:string"/>`).join('')}</xs:complexType>
<xs:complexType name="InboxInvoiceListResponse"><xs:sequence><xs:element minOccurs="0" name="Items"><xs:complexType><xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="InboxInvoiceListItem" type="tns:InboxInvoiceListItem"/></xs:sequence></xs:complexType></xs:element></xs:sequence>
<xs:attribute name="PageIndex" type="xs:int"/><xs:attribute name="PageSize" type="xs:int"/><xs:attribute name="TotalCount" type="xs:int"/><xs:attribute name="TotalPages" type="xs:int"/></xs:complexType>
<xs:complexType name="InvoiceData"><xs:sequence><xs:element minOccurs="0" name="Data" type="xs:base64Binary"/></xs:sequence></xs:complexType>
<xs:complexType name="InboxInvoiceQueryModel"><xs:complexContent><xs:extension base="tns:InboxInvoiceListQueryModel"><xs:attribute name="SetTaken" type="xs:boolean"/></xs:extension></xs:complexContent></xs:complexType>
<xs:complexType name="InvoiceInfo"><xs:sequence><xs:any minOccurs="0" namespace="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" processContents="skip"/></xs:sequence><xs:attribute name="LocalDocumentId" type="xs:string"/><xs:attribute name="InvoiceId" type="xs:string"/><xs:attribute name="CreateDateUtc" type="xs:string"/><xs:attribute name="Status" type="xs:string"/></xs:complexType>
<xs:complexType name="InvoiceInfoPage"><xs:sequence><xs:element minOccurs="0" name="Items"><xs:complexType><xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="InvoiceInfo" type="tns:InvoiceInfo"/></xs:sequence></xs:complexType></xs:element></xs:sequence>
<xs:attribute name="PageIndex" type="xs:int"/><xs:attribute name="PageSize" type="xs:int"/><xs:attribute name="TotalCount" type="xs:int"/><xs:attribute name="TotalPages" type="xs:int"/></xs:complexType>
<xs:complexType name="InvoiceStatusInfo">${['InvoiceId', 'DocumentId', 'Status', 'StatusCode', 'EnvelopeStatus', 'EnvelopeStatusCode', 'Message'].map((a) => `<xs:attribute name="${a}" type="xs:string"/>`).join('')}</xs:complexType>
<xs:complexType name="ArrayOfInvoiceStatusInfo"><xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="InvoiceStatusInfo" type="tns:InvoiceStatusInfo"/></xs:sequence></xs:complexType>
<xs:complexType name="InvoiceInfoValue"><xs:sequence><xs:any minOccurs="0" namespace="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" processContents="skip"/></xs:sequence></xs:complexType>
<xs:complexType name="UserAliases"><xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="ReceiverboxAliases"><xs:complexType><xs:attribute name="Alias" type="xs:string"/></xs:complexType></xs:element></xs:sequence></xs:complexType>
${request('GetInboxInvoiceList', '<xs:element minOccurs="0" name="query" type="tns:InboxInvoiceListQueryModel"/>')}${response('GetInboxInvoiceList', 'InboxInvoiceListResponse')}
${request('GetOutboxInvoiceList', '<xs:element minOccurs="0" name="query" type="tns:InboxInvoiceListQueryModel"/>')}${response('GetOutboxInvoiceList', 'InboxInvoiceListResponse')}
${request('GetInboxInvoiceData', '<xs:element minOccurs="0" name="invoiceId" type="xs:string"/>')}${response('GetInboxInvoiceData', 'InvoiceData')}
${request('GetInboxInvoices', '<xs:element minOccurs="0" name="query" type="tns:InboxInvoiceQueryModel"/>')}${response('GetInboxInvoices', 'InvoiceInfoPage')}
${request('GetInboxInvoice', '<xs:element minOccurs="0" name="invoiceId" type="xs:string"/>')}${response('GetInboxInvoice', 'InvoiceInfoValue')}
${request('QueryInboxInvoiceStatus', '<xs:element minOccurs="0" name="invoiceIds" type="tns:ArrayOfString"/>')}${response('QueryInboxInvoiceStatus', 'ArrayOfInvoiceStatusInfo')}
${request('TestConnection', '')}${response('TestConnection', 'xs:boolean')}
${request('SetInvoicesTaken', '<xs:element minOccurs="0" name="invoiceIds" type="tns:ArrayOfString"/>')}${response('SetInvoicesTaken', 'xs:boolean')}
${request('IsEInvoiceUser', '<xs:element minOccurs="0" name="vknTckn" type="xs:string"/><xs:element minOccurs="0" name="alias" type="xs:string"/>')}${response('IsEInvoiceUser', 'xs:boolean')}
${request('GetUserAliasses', '<xs:element minOccurs="0" name="vknTckn" type="xs:string"/>')}${response('GetUserAliasses', 'UserAliases')}
</xs:schema>`;

const operations = ['GetInboxInvoiceList', 'GetOutboxInvoiceList', 'GetInboxInvoiceData', 'GetInboxInvoices', 'GetInboxInvoice', 'QueryInboxInvoiceStatus', 'TestConnection', 'SetInvoicesTaken', 'IsEInvoiceUser', 'GetUserAliasses'];

export function uyumsoftWsdl(brand: UyumsoftBrand, address: string): string {
  return wsdlDocument({
    targetNamespace: 'http://tempuri.org/',
    serviceName: brand.serviceName,
    portName: 'BasicHttpBinding_IIntegration',
    portTypeName: 'IIntegration',
    bindingName: 'BasicHttpBinding_IIntegration',
    address,
    schemas: schema,
    operations: operations.map((name) => ({ name, action: `http://tempuri.org/IIntegration/${name}`, input: name, output: `${name}Response` })),
  });
}
