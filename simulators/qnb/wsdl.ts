/**
 * The CS connector WSDLs as the simulator serves them (`?wsdl`), JAX-WS style, abbreviated to the
 * implemented operations. `belge`…`belgev6` extend each other as providers.md §5.2 lists.
 */
import { wsdlDocument, type WsdlOperation } from '../soap/wsdl.js';

const el = (name: string, type = 'xs:string', max = '1') => `<xs:element name="${name}" type="${type}" minOccurs="0" maxOccurs="${max}"/>`;
const seq = (...items: string[]) => `<xs:sequence>${items.join('')}</xs:sequence>`;
const ext = (name: string, base: string, ...items: string[]) =>
  `<xs:complexType name="${name}"><xs:complexContent><xs:extension base="tns:${base}">${seq(...items)}</xs:extension></xs:complexContent></xs:complexType>`;
const op = (name: string, ...params: string[]) =>
  `<xs:element name="${name}" type="tns:${name}"/><xs:complexType name="${name}">${seq(...params)}</xs:complexType>`;
const response = (name: string, item?: string) =>
  `<xs:element name="${name}Response" type="tns:${name}Response"/><xs:complexType name="${name}Response">${seq(item ?? '')}</xs:complexType>`;

const connectorSchema = `<xs:schema targetNamespace="http://service.connector.uut.cs.com.tr/" version="1.0" xmlns:tns="http://service.connector.uut.cs.com.tr/">
<xs:element name="Exception" type="tns:Exception"/><xs:complexType name="Exception">${seq(el('message'))}</xs:complexType>
<xs:complexType name="gelenBelgeParametreleri">${seq(...['alanEtiket', 'belgeFormati', 'belgeTuru', 'belgeVersiyon', 'belgelerAlindiMi', 'donusTipiVersiyon', 'entegrasyonHedefi', 'erpKodu'].map((n) => el(n)), el('ettn', 'xs:string', 'unbounded'), ...['faturaTarihiBaslangic', 'faturaTarihiBitis', 'gelisTarihiBaslangic', 'gelisTarihiBitis', 'gonderenEtiket', 'onayDurum', 'sonAlinanBelgeSiraNumarasi', 'subeKodu', 'vergiTcKimlikNo'].map((n) => el(n)))}</xs:complexType>
<xs:complexType name="belge">${seq(el('belgeNo'), el('belgeSiraNo', 'xs:long'), el('belgeTarihi'), el('belgeTuru'), el('belgeVerisi', 'xs:base64Binary'), el('ettn'), el('gonderenEtiket'), el('gonderenVknTckn'))}</xs:complexType>
${ext('belgev2', 'belge', el('alanEtiket'), el('aliciUnvan'), el('belgeVersiyon'), el('belgeXmlZipped', 'xs:base64Binary'), el('ekBilgiler'), el('saticiUnvan'), el('subeKodu'), el('zarfId'))}
${ext('belgev3', 'belgev2', el('odenecekTutar', 'xs:decimal'), el('odenecekTutarDovizCinsi'))}
${ext('belgev4', 'belgev3', el('arsivlenmis', 'xs:boolean'), el('belgeHash'))}
${ext('belgev5', 'belgev4', el('faturaGelisTarihi'))}
${ext('belgev6', 'belgev5', el('profileId'))}
${op('gelenBelgeleriListele', el('vergiTcKimlikNo'), el('sonAlinanBelgeSiraNumarasi'), el('belgeTuru'))}${response('gelenBelgeleriListele', el('return', 'tns:belge', 'unbounded'))}
${op('gelenBelgeleriAl', el('vergiTcKimlikNo'), el('sonAlinanBelgeSiraNumarasi'), el('belgeTuru'))}${response('gelenBelgeleriAl', el('return', 'tns:belge', 'unbounded'))}
${op('gelenBelgeleriListeleExt', el('parametreler', 'tns:gelenBelgeParametreleri'))}${response('gelenBelgeleriListeleExt', el('return', 'tns:belge', 'unbounded'))}
${op('gelenBelgeleriAlExt', el('parametreler', 'tns:gelenBelgeParametreleri'))}${response('gelenBelgeleriAlExt', el('return', 'tns:belge', 'unbounded'))}
${op('gelenBelgeleriIndir', el('vergiTcKimlikNo'), el('ettn', 'xs:string', 'unbounded'), el('belgeTuru'), el('belgeFormati'))}${response('gelenBelgeleriIndir', el('return', 'xs:base64Binary'))}
${op('gelenBelgeleriIndirExt', el('parametreler', 'tns:gelenBelgeParametreleri'))}${response('gelenBelgeleriIndirExt', el('return', 'xs:base64Binary'))}
${op('belgelerAlindi', el('vergiTcKimlikNo'), el('ettn', 'xs:string', 'unbounded'), el('belgeTuru'))}${response('belgelerAlindi')}
${op('gidenBelgeleriListele', el('parametreler', 'xs:anyType'))}${response('gidenBelgeleriListele', el('return', 'tns:belge', 'unbounded'))}
</xs:schema>`;

/** userService's namespace, as the public clients send wsLogin (providers.md §5.1). */
export const QNB_USER_NS = 'http://service.csap.cs.com.tr/';
export const QNB_CONNECTOR_NS = 'http://service.connector.uut.cs.com.tr/';

const userSchema = `<xs:schema targetNamespace="${QNB_USER_NS}" version="1.0" xmlns:tns="${QNB_USER_NS}">
<xs:element name="Exception" type="tns:Exception"/><xs:complexType name="Exception">${seq(el('message'))}</xs:complexType>
${op('wsLogin', el('userId'), el('password'), el('lang'))}${response('wsLogin')}${op('logout')}${response('logout')}
</xs:schema>`;

const connectorOps = ['gelenBelgeleriListele', 'gelenBelgeleriAl', 'gelenBelgeleriListeleExt', 'gelenBelgeleriAlExt', 'gelenBelgeleriIndir', 'gelenBelgeleriIndirExt', 'belgelerAlindi', 'gidenBelgeleriListele'];

function operations(names: string[]): WsdlOperation[] {
  return names.map((name) => ({ name, action: '', input: name, output: `${name}Response`, fault: 'Exception' }));
}

export function qnbWsdl(service: 'connector' | 'user', address: string): string {
  const connector = service === 'connector';
  return wsdlDocument({
    targetNamespace: connector ? QNB_CONNECTOR_NS : QNB_USER_NS,
    serviceName: connector ? 'ConnectorService' : 'UserService',
    portName: connector ? 'ConnectorServicePort' : 'UserServicePort',
    portTypeName: connector ? 'ConnectorService' : 'UserService',
    bindingName: connector ? 'ConnectorServicePortBinding' : 'UserServicePortBinding',
    address,
    schemas: connector ? connectorSchema : userSchema,
    operations: operations(connector ? connectorOps : ['wsLogin', 'logout']),
  });
}
