/**
 * Reading and writing WCF DataContract members. WCF's DataContractSerializer expects members in
 * ordinal-alphabetical order and reads forward only: an element naming a member that comes earlier
 * than one already read, an unknown member or one in another namespace is skipped without error.
 */
import type { BodyPart } from '../soap/envelope.js';
import type { XElement } from '../soap/xml.js';

export function readDataContract(element: XElement | undefined, members: readonly string[], ns: string): Map<string, XElement> {
  const order = [...members].sort();
  const found = new Map<string, XElement>();
  let next = 0;
  for (const member of element?.children ?? []) {
    if (member.ns !== ns) continue;
    const at = order.indexOf(member.name, next);
    if (at < 0) continue;
    found.set(member.name, member);
    next = at + 1;
  }
  return found;
}

/**
 * Writes members in DataContract order with prefix `a:`: `null` becomes `i:nil="true"`, a string is
 * written as given (callers escape text), parts (nested contracts, base64 bytes) are passed through.
 */
export function writeDataContract(members: Record<string, string | BodyPart[] | null>): BodyPart[] {
  return Object.keys(members)
    .sort()
    .flatMap((name): BodyPart[] => {
      const value = members[name];
      if (value === null || value === undefined) return [`<a:${name} i:nil="true"/>`];
      return [`<a:${name}>`, ...(typeof value === 'string' ? [value] : value), `</a:${name}>`];
    });
}
