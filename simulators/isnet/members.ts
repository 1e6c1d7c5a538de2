/** İşNet DataContract names: the model namespace and the members of each contract (any order; readers sort them). */
export const MODEL_NS = 'http://schemas.datacontract.org/2004/07/EInvoice.Service.Model';
export const SEARCH_MEMBERS = ['CompanyTaxCode', 'CompanyVendorNumber', 'ETTN', 'InvoiceDirection', 'InvoiceNumber', 'MaxInvoiceDate', 'MinInvoiceDate', 'PagingRequest', 'ReceiverTaxCode', 'ResultSet'];
export const SEARCH_ALL_MEMBERS = [...SEARCH_MEMBERS, 'IncludeMainCompany', 'ScenarioType'];
export const PAGING_MEMBERS = ['PageNumber', 'RecordsPerPage'];
export const RESULT_SET_MEMBERS = ['IsAdditionalTaxIncluded', 'IsArchiveIncluded', 'IsAttachmentIncluded', 'IsExternalUrlIncluded', 'IsHtmlIncluded', 'IsInvoiceDetailIncluded', 'IsPDFIncluded', 'IsXMLIncluded'];
export const INVOICE_MEMBERS = ['CurrencyCode', 'DetailStatus', 'ETTN', 'InvoiceDate', 'InvoiceNumber', 'InvoiceType', 'InvoiceXml', 'PayableAmount', 'ProfileId', 'ReceiverTaxCode', 'ReceiverTitle', 'ScenarioType', 'SenderTaxCode', 'SenderTitle', 'Status', 'TaxExclusiveAmount', 'TaxInclusiveAmount'];
/** Response members as the public client reads them (EfeSorogluu/NetteFatura-API : src/types). */
export const SEARCH_RESULT_MEMBERS = ['ErrorCode', 'Invoices', 'IsSucceded', 'Message', 'PagingResponse'];
export const PAGING_RESPONSE_MEMBERS = ['CurrentPage', 'RecordsPerPage', 'TotalPages', 'TotalRecords'];
export const VIEWER_LINK_MEMBERS = ['CompanyTaxCode', 'CompanyVendorNumber', 'Ettn', 'InvoiceDirection', 'InvoiceDocumentType', 'InvoiceNumber'];
export const VIEWER_LINK_RESULT_MEMBERS = ['ErrorCode', 'HtmlUrl', 'IsSucceded', 'Message', 'PdfUrl'];
