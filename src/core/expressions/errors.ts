/**
 * The only two errors the expression language ever throws. Anything else escaping parse or evaluate is a bug
 * (the fuzz test proves it).
 */

/** The text is not a valid expression. Positions are 1-based line/column plus the 0-based offset. */
export class ExpressionParseError extends Error {
  override readonly name = 'ExpressionParseError';
  constructor(
    message: string,
    /** 0-based UTF-16 offset of the offending text. */
    readonly offset: number,
    /** 1-based. */
    readonly line: number,
    /** 1-based. */
    readonly column: number,
    /** What the parser expected, e.g. `")" or ","`. */
    readonly expected: string,
    /** The offending text as found (`end of expression` at the end). */
    readonly found: string,
    /** Length of the offending text, for underlining (≥ 1). */
    readonly length: number = 1,
  ) {
    super(message);
  }

  /** The message without its " at line L, column C", for places that show the position on their own. */
  get reason(): string {
    return this.message.replace(` at line ${this.line}, column ${this.column}`, '');
  }
}

/** A function failed while evaluating; the provisioning service escrows the object with such a message. */
export class ExpressionEvaluationError extends Error {
  override readonly name = 'ExpressionEvaluationError';
  constructor(
    message: string,
    /** Canonical name of the function that failed (e.g. `SingleAppRoleAssignment`). */
    readonly functionName: string,
    /** Where the failing call is in the expression text, when known. */
    readonly span?: { readonly start: number; readonly end: number },
  ) {
    super(message);
  }
}
