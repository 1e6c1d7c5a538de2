/** Faults a WCF service writes by itself (not the application's): dispatcher errors and unknown actions. */
import { envelope, faultElement, xmlReply, type SoapReply } from './envelope.js';
import { esc } from './xml.js';

const DISPATCHER_NS = 'http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher';
const ADDRESSING_NONE_NS = 'http://schemas.microsoft.com/ws/2005/05/addressing/none';

function wcfFault(codeNs: string, code: string, message: string, fault: string, status = 500): SoapReply {
  const body = `<s:Fault><faultcode xmlns:a="${codeNs}">a:${code}</faultcode><faultstring xml:lang="en-US">${esc(message)}</faultstring></s:Fault>`;
  return xmlReply(envelope(body), status, fault);
}

/** HTTP 500 InternalServiceFault, what WCF answers for an unhandled exception. */
export function wcfInternalFault(message: string): SoapReply {
  return wcfFault(DISPATCHER_NS, 'InternalServiceFault', message, 'serverError');
}

/** The fault WCF answers for a SOAPAction / body element no operation handles. */
export function wcfActionNotSupported(action: string): SoapReply {
  return wcfFault(
    ADDRESSING_NONE_NS,
    'ActionNotSupported',
    `The message with Action '${action}' cannot be processed at the receiver, due to a ContractFilter mismatch at the EndpointDispatcher.`,
    'actionNotSupported',
  );
}

/** HTTP 400 client fault for an envelope WCF cannot read. */
export function wcfBadRequest(message: string): SoapReply {
  return xmlReply(envelope(faultElement('s', 'Client', message)), 400, 'badRequest');
}
