/**
 * Tokenizer for the expression language (reference §3.2). Tokens are pulled one at a time by the parser, so the
 * first error in reading order is the one reported.
 */
import { ExpressionParseError } from './errors';

export type TokenKind =
  | 'attribute'
  | 'string'
  | 'number'
  | 'hex'
  | 'identifier'
  | 'operator'
  | '('
  | ')'
  | ','
  /** A character that starts no token; the parser reports it as what it found where it expected something. */
  | 'invalid'
  | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** The text as written (a string token includes its quotes). */
  readonly text: string;
  /** Decoded value: the attribute name, the unescaped string, the decimal value of a hex literal. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** 1-based line and column of a 0-based offset; `\r\n`, `\n` and `\r` all end a line. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const limit = Math.min(offset, text.length);
  for (let i = 0; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */ || (c === 13 /* \r */ && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const MAX_FOUND_LENGTH = 30;

/** How an error message shows offending text: quoted, shortened, `end of expression` at the end. */
/** Why a character that starts no token is wrong, for the error message. */
export const INVALID_CHARACTER_HINTS: Readonly<Record<string, string>> = {
  '-': 'a negative number is written with the minus sign right before its digits, e.g. -10',
  "'": 'strings are written in double quotes, e.g. "text"',
  ']': 'an attribute reference is written [attributeName]',
  '+': 'to concatenate strings use Append or Join',
  '&': 'to concatenate strings use Append or Join; VB hex literals are written &HFF',
  '.': 'numbers are whole numbers; write a decimal as a string, e.g. "1.5"',
};

export function describeFound(token: Pick<Token, 'kind' | 'text'>): string {
  if (token.kind === 'end') return 'end of expression';
  const text = token.text.length > MAX_FOUND_LENGTH ? `${token.text.slice(0, MAX_FOUND_LENGTH)}…` : token.text;
  // A string token already carries its quotes; wrapping it again would read as `""abc""`.
  return token.kind === 'string' ? `the string ${text}` : `"${text}"`;
}

/** `at line 1, column 17`. */
export function where(text: string, offset: number): string {
  const { line, column } = positionAt(text, offset);
  return `at line ${line}, column ${column}`;
}

/**
 * Builds an ExpressionParseError. Without `message` it reads `Expected <expected> at line L, column C, found <found>`;
 * a custom message is given the `at line L, column C` text to embed.
 */
export function parseError(
  text: string,
  offset: number,
  length: number,
  expected: string,
  found: string,
  message?: (whereText: string) => string,
): ExpressionParseError {
  const { line, column } = positionAt(text, offset);
  const whereText = `at line ${line}, column ${column}`;
  const full = message ? message(whereText) : `Expected ${expected} ${whereText}, found ${found}`;
  return new ExpressionParseError(full, offset, line, column, expected, found, Math.max(1, length));
}

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isHexDigit = (c: string): boolean => isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
const isIdentifierStart = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isIdentifierPart = (c: string): boolean => isIdentifierStart(c) || isDigit(c);
const isLineBreak = (c: string): boolean => c === '\n' || c === '\r';
const WHITESPACE = /\s/;

export class Lexer {
  private pos = 0;
  private lookahead: Token | undefined;

  constructor(private readonly text: string) {}

  peek(): Token {
    this.lookahead ??= this.read();
    return this.lookahead;
  }

  next(): Token {
    const token = this.peek();
    this.lookahead = undefined;
    return token;
  }

  private token(kind: TokenKind, start: number, end: number, value?: string): Token {
    const text = this.text.slice(start, end);
    return { kind, text, value: value ?? text, start, end };
  }

  private read(): Token {
    const text = this.text;
    while (this.pos < text.length && WHITESPACE.test(text[this.pos]!)) this.pos++;
    const start = this.pos;
    if (start >= text.length) return { kind: 'end', text: '', value: '', start, end: start };
    const c = text[start]!;
    switch (c) {
      case '(':
      case ')':
      case ',':
        this.pos++;
        return this.token(c, start, this.pos);
      case '[':
        return this.readAttribute(start);
      case '"':
        return this.readString(start);
      case '=':
        this.pos++;
        return this.token('operator', start, this.pos);
      case '<':
      case '>': {
        const second = text[start + 1];
        this.pos += second === '=' || (c === '<' && second === '>') ? 2 : 1;
        return this.token('operator', start, this.pos);
      }
      case '&':
        return this.readHex(start);
      default:
        break;
    }
    if (isDigit(c) || (c === '-' && isDigit(text[start + 1] ?? ''))) return this.readNumber(start);
    if (isIdentifierStart(c)) {
      let end = start + 1;
      while (end < text.length && isIdentifierPart(text[end]!)) end++;
      this.pos = end;
      return this.token('identifier', start, end);
    }
    return this.invalid(start);
  }

  private invalid(offset: number): Token {
    const char = String.fromCodePoint(this.text.codePointAt(offset)!);
    this.pos = offset + char.length;
    return this.token('invalid', offset, this.pos);
  }

  private readAttribute(start: number): Token {
    const text = this.text;
    let end = start + 1;
    while (end < text.length && text[end] !== ']') {
      const c = text[end]!;
      if (c === '[' || c === '"' || isLineBreak(c)) break;
      end++;
    }
    if (text[end] !== ']') {
      const found = end >= text.length ? 'end of expression' : `"${text[end]}"`;
      throw parseError(text, end, 1, '"]"', found, (at) =>
        `Unclosed attribute reference "${text.slice(start, end)}": expected "]" ${at}, found ${found}`,
      );
    }
    const name = text.slice(start + 1, end);
    this.pos = end + 1;
    if (name.trim() === '') {
      throw parseError(text, start, end + 1 - start, 'an attribute name', `"${text.slice(start, end + 1)}"`, (at) =>
        `Expected an attribute name inside "[ ]" ${at}, found "${text.slice(start, end + 1)}"`,
      );
    }
    if (name.trim() !== name) {
      throw parseError(text, start, end + 1 - start, 'an attribute name without surrounding spaces', `"[${name}]"`,
        (at) => `Attribute name "${name}" ${at} has leading or trailing spaces; write [${name.trim()}]`,
      );
    }
    return this.token('attribute', start, end + 1, name);
  }

  private readString(start: number): Token {
    const text = this.text;
    let value = '';
    let i = start + 1;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        this.pos = i + 1;
        return this.token('string', start, i + 1, value);
      }
      if (c === '\\') {
        const next = text[i + 1];
        if (next === '\\' || next === '"') {
          value += next;
          i += 2;
          continue;
        }
        // Reference §3.2 (Implement): any other `\x` is kept as the two characters; the linter warns about it.
      }
      value += c;
      i++;
    }
    throw parseError(text, start, 1, 'a closing "', 'end of expression', (at) =>
      `Unterminated string starting ${at}: expected a closing " before the end of the expression` +
      ' (write \\" for a quote inside a string)',
    );
  }

  private readNumber(start: number): Token {
    const text = this.text;
    let end = start + 1;
    while (end < text.length && isDigit(text[end]!)) end++;
    if (text[end] === '.' && isDigit(text[end + 1] ?? '')) {
      let decimalEnd = end + 1;
      while (decimalEnd < text.length && isDigit(text[decimalEnd]!)) decimalEnd++;
      const written = text.slice(start, decimalEnd);
      throw parseError(text, start, decimalEnd - start, 'a whole number', `"${written}"`, (at) =>
        `Bare numbers must be whole numbers: found "${written}" ${at}; write it as a string: "${written}"`,
      );
    }
    this.pos = end;
    return this.token('number', start, end);
  }

  private readHex(start: number): Token {
    const text = this.text;
    const marker = text[start + 1];
    if (marker !== 'H' && marker !== 'h') return this.invalid(start);
    let end = start + 2;
    while (end < text.length && isHexDigit(text[end]!)) end++;
    if (end === start + 2) {
      const found = end >= text.length ? 'end of expression' : `"${text[end]}"`;
      throw parseError(text, end, 1, 'hexadecimal digits (0-9, A-F)', found, (at) =>
        `Expected hexadecimal digits after "&H" ${at}, found ${found} (e.g. &HFF for 255)`,
      );
    }
    const digits = text.slice(start + 2, end);
    this.pos = end;
    // BigInt keeps long literals exact; the value model's numbers are decimal strings.
    return this.token('hex', start, end, BigInt(`0x${digits}`).toString());
  }
}
