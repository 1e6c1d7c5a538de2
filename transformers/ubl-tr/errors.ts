/** Why a document was rejected; stable codes for quarantine reasons and tests. */
export type ParseErrorCode =
  | 'empty'
  | 'too_large'
  | 'not_xml'
  | 'doctype_forbidden'
  | 'malformed_xml'
  | 'too_deep'
  | 'invalid_encoding'
  | 'truncated'
  | 'not_ubl_invoice'
  | 'wrong_namespace'
  | 'missing_element'
  | 'duplicate_element'
  | 'invalid_value';

/**
 * A document that cannot become an invoice. Carries the element path (canonical `cbc:`/`cac:` prefixes,
 * whatever the document's own prefixes) or, for XML that is not well-formed, the line and column, and
 * the ETTN once it is known, so quarantine records say exactly what is wrong and where.
 */
export class ParseError extends Error {
  override name = 'ParseError';
  readonly code: ParseErrorCode;
  readonly path: string | null;
  readonly ettn: string | null;
  readonly line: number | null;
  readonly column: number | null;

  constructor(code: ParseErrorCode, message: string, context: ParseErrorContext = {}) {
    super(message);
    this.code = code;
    this.path = context.path ?? null;
    this.ettn = context.ettn ?? null;
    this.line = context.line ?? null;
    this.column = context.column ?? null;
  }

  /** The same error, now that the ETTN is known. */
  withEttn(ettn: string): ParseError {
    return new ParseError(this.code, this.message, { path: this.path ?? undefined, ettn, line: this.line ?? undefined, column: this.column ?? undefined });
  }

  /** One line for logs and stderr: code, path, ETTN, message. */
  describe(): string {
    const where = [this.path && `at ${this.path}`, this.ettn && `ETTN ${this.ettn}`].filter(Boolean).join(', ');
    return `ParseError [${this.code}]${where ? ` (${where})` : ''}: ${this.message}`;
  }

  toJSON(): { name: string; code: ParseErrorCode; path: string | null; ettn: string | null; line: number | null; column: number | null; message: string } {
    return { name: this.name, code: this.code, path: this.path, ettn: this.ettn, line: this.line, column: this.column, message: this.message };
  }
}

export interface ParseErrorContext {
  path?: string | undefined;
  ettn?: string | null | undefined;
  line?: number | undefined;
  column?: number | undefined;
}
