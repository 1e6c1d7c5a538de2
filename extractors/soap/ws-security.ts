/** WS-Security 1.0 UsernameToken header (plain-text password), as Uyumsoft and QNB take it. */
import { el, type XmlFragment } from './xml.js';

export const WSSE_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
export const WSU_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const PASSWORD_TEXT = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText';

export function usernameTokenHeader(username: string, password: string, nowMs: number): XmlFragment {
  return el(
    'o:Security',
    { 'xmlns:o': WSSE_NS, 'xmlns:u': WSU_NS, 'soapenv:mustUnderstand': '1' },
    el('u:Timestamp', { 'u:Id': '_0' }, el('u:Created', null, new Date(nowMs).toISOString()), el('u:Expires', null, new Date(nowMs + 300_000).toISOString())),
    el('o:UsernameToken', { 'u:Id': 'uuid-token' }, el('o:Username', null, username), el('o:Password', { Type: PASSWORD_TEXT }, password)),
  );
}
