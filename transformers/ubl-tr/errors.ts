/** Why a document was rejected; stable codes for quarantine reasons and tests. */
export type ParseErrorCode =
  | 'empty'
  | 'too_large'
  | 'not_xml'
  | 'doctype_forbidden'
  | 'malformed_xml'
  | 'truncated'
  | 'not_ubl_invoice'
  | 'wrong_namespace'
  | 'missing_element'
  | 'invalid_value';

/**
 * A document that cannot become an invoice. Carries the element path (canonical `cbc:`/`cac:` prefixes,
 * whatever the document's own prefixes) and the ETTN once it is known, so quarantine records say
 * exactly what is wrong and where.
 */
export class ParseError extends Error {
  override name = 'ParseError';
  readonly code: ParseErrorCode;
  readonly path: string | null;
  readonly ettn: string | null;

  constructor(code: ParseErrorCode, message: string, context: { path?: string; ettn?: string | null } = {}) {
    super(message);
    this.code = code;
    this.path = context.path ?? null;
    this.ettn = context.ettn ?? null;
  }

  /** One line for logs and stderr: code, path, ETTN, message. */
  describe(): string {
    const where = [this.path && `at ${this.path}`, this.ettn && `ETTN ${this.ettn}`].filter(Boolean).join(', ');
    return `ParseError [${this.code}]${where ? ` (${where})` : ''}: ${this.message}`;
  }

  toJSON(): { name: string; code: ParseErrorCode; path: string | null; ettn: string | null; message: string } {
    return { name: this.name, code: this.code, path: this.path, ettn: this.ettn, message: this.message };
  }
}
