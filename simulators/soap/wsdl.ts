/** Writes a document/literal SOAP 1.1 WSDL 1.1 whose soap:address points at the simulator. */
import { esc } from './xml.js';

export interface WsdlOperation {
  name: string;
  /** SOAPAction value (without quotes). */
  action: string;
  /** Global element names (in the target namespace) of the request and response. */
  input: string;
  output: string;
  /** Global element carried in the fault detail, when the operation declares one. */
  fault?: string;
}

export interface WsdlDescription {
  targetNamespace: string;
  serviceName: string;
  portName: string;
  portTypeName: string;
  bindingName: string;
  address: string;
  /** One or more complete `<xs:schema>` elements. */
  schemas: string;
  operations: readonly WsdlOperation[];
}

export function wsdlDocument(d: WsdlDescription): string {
  const messages = d.operations
    .map((op) => {
      const fault = op.fault ? `<wsdl:message name="${op.name}_Fault"><wsdl:part name="detail" element="tns:${op.fault}"/></wsdl:message>` : '';
      return `<wsdl:message name="${op.name}_Input"><wsdl:part name="parameters" element="tns:${op.input}"/></wsdl:message>` +
        `<wsdl:message name="${op.name}_Output"><wsdl:part name="parameters" element="tns:${op.output}"/></wsdl:message>${fault}`;
    })
    .join('');
  const portOps = d.operations
    .map((op) => `<wsdl:operation name="${op.name}"><wsdl:input message="tns:${op.name}_Input"/><wsdl:output message="tns:${op.name}_Output"/>${op.fault ? `<wsdl:fault name="fault" message="tns:${op.name}_Fault"/>` : ''}</wsdl:operation>`)
    .join('');
  const bindingOps = d.operations
    .map((op) => `<wsdl:operation name="${op.name}"><soap:operation soapAction="${esc(op.action)}" style="document"/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output>${op.fault ? '<wsdl:fault name="fault"><soap:fault name="fault" use="literal"/></wsdl:fault>' : ''}</wsdl:operation>`)
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions name="${d.serviceName}" targetNamespace="${d.targetNamespace}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="${d.targetNamespace}">
<wsdl:types>${d.schemas}</wsdl:types>
${messages}
<wsdl:portType name="${d.portTypeName}">${portOps}</wsdl:portType>
<wsdl:binding name="${d.bindingName}" type="tns:${d.portTypeName}"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>${bindingOps}</wsdl:binding>
<wsdl:service name="${d.serviceName}"><wsdl:port name="${d.portName}" binding="tns:${d.bindingName}"><soap:address location="${esc(d.address)}"/></wsdl:port></wsdl:service>
</wsdl:definitions>`;
}
