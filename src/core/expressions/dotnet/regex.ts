/**
 * .NET regular expressions on the JavaScript engine: a pattern translator and .NET `Regex.Replace` substitutions.
 *
 * The translation keeps .NET meaning where JS differs: `\d`/`\w` are Unicode classes, `.` excludes only `\n`, `$`
 * also matches before a final `\n`, `\A \z \Z`, `(?'name'…)`, `(?#comment)`, inline options at the start
 * (`(?i)`, `(?m)`, `(?s)`, `(?n)`), literal `{`/`}`/`]`, group numbering (.NET numbers unnamed groups first, then named
 * ones) and substitutions (`$1`, `${name}`, `$$`, `$&`, `` $` ``, `$'`, `$+`, `$_`; an unknown group stays literal).
 * Constructs JS cannot express (atomic groups, conditionals, balancing groups, class subtraction, `\G`, mid-pattern
 * option groups) are reported, never silently approximated.
 * Known remaining differences: a backreference to a group that has not captured matches "" in JS but fails in .NET,
 * and case-insensitive matching uses Unicode case folding rather than .NET's invariant lower-casing.
 */

/** The pattern is not a valid (or not a supported) .NET regular expression; the message says which part and why. */
export class RegexTranslationError extends Error {}

export interface CompiledRegex {
  /** Global, Unicode-mode regex for replace / matchAll. */
  readonly global: RegExp;
  /** Same pattern with match indices (`d` flag), for group-span replacement. */
  readonly withIndices: RegExp;
  /** .NET group number → JS capture index (0 = whole match). */
  readonly numberToIndex: ReadonlyMap<number, number>;
  /** Named groups present in the pattern. */
  readonly names: ReadonlySet<string>;
  /** Number of JS capture groups. */
  readonly captureCount: number;
  /** JS capture index of the highest-numbered .NET group (for `$+`), 0 when there is none. */
  readonly lastGroupIndex: number;
}

interface Group {
  readonly index: number;
  readonly name: string | null;
}

const SYNTAX_CHARS = new Set('^$\\.*+?()[]{}|/');
const WORD_CLASS_BODY = String.raw`\p{L}\p{Mn}\p{Nd}\p{Pc}`;
const WORD = `[${WORD_CLASS_BODY}]`;
const WORD_BOUNDARY = `(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`;
const NOT_WORD_BOUNDARY = `(?:(?<=${WORD})(?=${WORD})|(?<!${WORD})(?!${WORD}))`;
/** Class escapes that cannot be a range endpoint: a "-" next to one is a literal in .NET (`[\w-.]`). */
const CLASS_ESCAPE = /^\\[dDwWsSpP]/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const QUANTIFIER = /^\{\d+(?:,\d*)?\}/;

function codePointEscape(ch: string): string {
  return `\\u{${ch.codePointAt(0)!.toString(16)}}`;
}

interface Options {
  ignoreCase: boolean;
  multiline: boolean;
  singleline: boolean;
  explicitCapture: boolean;
}

/**
 * One pass over the pattern. The first pass collects the groups; the second emits JS with backreferences mapped
 * through `numberToIndex` (which needs every group known first).
 */
function walk(pattern: string, numberToIndex: ReadonlyMap<number, number> | null, nameSet: ReadonlySet<string> | null): { source: string; groups: Group[]; options: Options } {
  const options: Options = { ignoreCase: false, multiline: false, singleline: false, explicitCapture: false };
  const groups: Group[] = [];
  let out = '';
  let i = 0;
  const fail = (what: string): never => {
    throw new RegexTranslationError(`${what} at position ${i + 1} of the pattern`);
  };

  // Leading inline options: (?i) (?im-s) …
  for (;;) {
    const m = /^\(\?([imnsx]*)(?:-([imnsx]*))?\)/.exec(pattern.slice(i));
    if (m === null || (m[1] === '' && m[2] === undefined)) break;
    for (const [letters, on] of [[m[1] ?? '', true], [m[2] ?? '', false]] as const) {
      for (const letter of letters) {
        if (letter === 'i') options.ignoreCase = on;
        else if (letter === 'm') options.multiline = on;
        else if (letter === 's') options.singleline = on;
        else if (letter === 'n') options.explicitCapture = on;
        else if (on) fail('the "x" (ignore pattern whitespace) option is not supported');
      }
    }
    i += m[0].length;
  }

  let inClass = false;
  const escape = (): void => {
    const c = pattern[i + 1];
    if (c === undefined) fail('the pattern ends with a lone "\\" (escape it as "\\\\")');
    const ch = c!;
    i += 2;
    if (inClass) {
      switch (ch) {
        case 'd': out += String.raw`\p{Nd}`; return;
        case 'D': out += String.raw`\P{Nd}`; return;
        case 'w': out += WORD_CLASS_BODY; return;
        case 'b': out += String.raw`\x08`; return;
      }
    } else {
      switch (ch) {
        case 'd': out += String.raw`\p{Nd}`; return;
        case 'D': out += String.raw`\P{Nd}`; return;
        case 'w': out += `[${WORD_CLASS_BODY}]`; return;
        case 'W': out += `[^${WORD_CLASS_BODY}]`; return;
        case 'A': out += String.raw`(?<![\s\S])`; return;
        case 'z': out += String.raw`(?![\s\S])`; return;
        case 'Z': out += String.raw`(?=\n?(?![\s\S]))`; return;
        case 'G': i -= 2; fail('"\\G" (contiguous match) is not supported'); return;
        // JS \b is ASCII-only even in Unicode mode; .NET's word boundary uses the Unicode word class.
        case 'b': out += WORD_BOUNDARY; return;
        case 'B': out += NOT_WORD_BOUNDARY; return;
        case 'k': {
          const m = /^(?:<([^>]*)>|'([^']*)')/.exec(pattern.slice(i));
          if (m === null) fail('"\\k" must be followed by <name>');
          const name = m![1] ?? m![2]!;
          i += m![0].length;
          if (/^\d+$/.test(name)) {
            backreference(Number(name));
          } else {
            if (nameSet !== null && !nameSet.has(name)) fail(`reference to undefined group name "${name}"`);
            out += `\\k<${name}>`;
          }
          return;
        }
      }
      if (ch >= '1' && ch <= '9') {
        let digits = ch;
        while (i < pattern.length && /\d/.test(pattern[i]!)) digits += pattern[i++];
        backreference(Number(digits));
        return;
      }
    }
    switch (ch) {
      case 's': case 'S': case 'W': case 't': case 'n': case 'r': case 'f': case 'v':
        out += '\\' + ch;
        return;
      case 'e': out += String.raw`\x1B`; return;
      case 'a': out += String.raw`\x07`; return;
      case '0': {
        let octal = '';
        while (octal.length < 2 && i < pattern.length && /[0-7]/.test(pattern[i]!)) octal += pattern[i++];
        out += `\\x${parseInt(octal || '0', 8).toString(16).padStart(2, '0')}`;
        return;
      }
      case 'x': {
        const m = /^[0-9A-Fa-f]{2}/.exec(pattern.slice(i));
        if (m === null) { i -= 2; fail('"\\x" must be followed by two hex digits'); }
        out += '\\x' + m![0];
        i += 2;
        return;
      }
      case 'u': {
        const m = /^[0-9A-Fa-f]{4}/.exec(pattern.slice(i));
        if (m === null) { i -= 2; fail('"\\u" must be followed by four hex digits'); }
        out += '\\u' + m![0];
        i += 4;
        return;
      }
      case 'c': {
        const letter = pattern[i];
        if (letter === undefined || !/[A-Za-z]/.test(letter)) { i -= 2; fail('"\\c" must be followed by a letter'); }
        out += '\\c' + letter;
        i += 1;
        return;
      }
      case 'p': case 'P': {
        const m = /^\{([A-Za-z_]+)\}/.exec(pattern.slice(i));
        if (m === null) { i -= 2; fail(`"\\${ch}" must be followed by {Category}`); }
        if (m![1]!.startsWith('Is')) { i -= 2; fail(`Unicode block "${m![1]}" is not supported (use a general category such as \\p{L})`); }
        out += `\\${ch}{${m![1]}}`;
        i += m![0].length;
        return;
      }
    }
    if (/[A-Za-z0-9]/.test(ch)) {
      i -= 2;
      fail(`unrecognized escape sequence "\\${ch}"`);
    }
    // An escaped punctuation character is that character.
    out += SYNTAX_CHARS.has(ch) || (inClass && ch === '-') ? '\\' + ch : ch === ']' ? '\\]' : codePointEscape(ch);
  };
  const backreference = (dotnetNumber: number): void => {
    if (numberToIndex === null) {
      out += '\\1';
      return;
    }
    const index = numberToIndex.get(dotnetNumber);
    if (index === undefined) {
      i -= 2;
      fail(`reference to undefined group number ${dotnetNumber}`);
    }
    out += `\\${index}`;
  };

  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (inClass) {
      if (ch === ']') {
        inClass = false;
        out += ']';
        i++;
      } else if (ch === '\\') {
        escape();
      } else if (ch === '-' && pattern[i + 1] === '[') {
        fail('character class subtraction "-[…]" is not supported');
      } else if (ch === '-' && (CLASS_ESCAPE.test(pattern.slice(i - 2, i)) || CLASS_ESCAPE.test(pattern.slice(i + 1, i + 3)))) {
        // Unicode-mode JS rejects "\w-." as a range; .NET reads the "-" literally.
        out += '\\-';
        i++;
      } else if (ch === '[') {
        out += '\\[';
        i++;
      } else {
        out += ch;
        i++;
      }
      continue;
    }
    switch (ch) {
      case '\\':
        escape();
        break;
      case '[': {
        inClass = true;
        out += '[';
        i++;
        if (pattern[i] === '^') {
          out += '^';
          i++;
        }
        // .NET: a "]" right after "[" or "[^" is a literal.
        if (pattern[i] === ']') {
          out += '\\]';
          i++;
        }
        break;
      }
      case '(': {
        const rest = pattern.slice(i, i + 4);
        if (rest.startsWith('(?')) {
          const named = /^\(\?(?:<([^>=!]*)>|'([^']*)')/.exec(pattern.slice(i));
          if (named !== null) {
            const name = named[1] ?? named[2]!;
            if (name.includes('-')) fail(`balancing group "(?<${name}>" is not supported`);
            if (!NAME.test(name)) fail(`group name "${name}" is not supported (use letters, digits and "_", starting with a letter)`);
            groups.push({ index: groups.length + 1, name });
            out += `(?<${name}>`;
            i += named[0].length;
          } else if (rest.startsWith('(?:') || rest.startsWith('(?=') || rest.startsWith('(?!')) {
            out += rest.slice(0, 3);
            i += 3;
          } else if (rest === '(?<=' || rest === '(?<!') {
            out += rest;
            i += 4;
          } else if (rest.startsWith('(?#')) {
            const end = pattern.indexOf(')', i);
            if (end < 0) fail('the comment "(?#" is not closed');
            i = end + 1;
          } else if (rest.startsWith('(?>')) {
            fail('atomic groups "(?>…)" are not supported');
          } else if (rest.startsWith('(?(')) {
            fail('conditional groups "(?(…)…)" are not supported');
          } else {
            fail('inline options "(?…)" are only supported at the start of the pattern');
          }
        } else if (options.explicitCapture) {
          out += '(?:';
          i++;
        } else {
          groups.push({ index: groups.length + 1, name: null });
          out += '(';
          i++;
        }
        break;
      }
      case '.':
        out += options.singleline ? String.raw`[\s\S]` : String.raw`[^\n]`;
        i++;
        break;
      case '^':
        out += options.multiline ? String.raw`(?<![^\n])` : '^';
        i++;
        break;
      case '$':
        out += options.multiline ? String.raw`(?![^\n])` : String.raw`(?=\n?(?![\s\S]))`;
        i++;
        break;
      case '{': {
        const m = QUANTIFIER.exec(pattern.slice(i));
        if (m !== null) {
          out += m[0];
          i += m[0].length;
        } else {
          out += '\\{';
          i++;
        }
        break;
      }
      case '}':
        out += '\\}';
        i++;
        break;
      case ']':
        out += '\\]';
        i++;
        break;
      default:
        out += ch;
        i++;
    }
  }
  if (inClass) fail('the character class "[" is not closed');
  return { source: out, groups, options };
}

const cache = new Map<string, CompiledRegex>();
/** Bounded so a stream of distinct dynamic patterns cannot grow memory without limit. */
const CACHE_LIMIT = 500;

/** Translates and compiles a .NET pattern (cached). Throws RegexTranslationError with a specific message. */
export function compileDotNetRegex(pattern: string): CompiledRegex {
  const cached = cache.get(pattern);
  if (cached !== undefined) return cached;
  const first = walk(pattern, null, null);
  const numberToIndex = new Map<number, number>([[0, 0]]);
  let next = 1;
  for (const g of first.groups) if (g.name === null) numberToIndex.set(next++, g.index);
  const nameNumbers = new Map<string, number>();
  for (const g of first.groups) {
    if (g.name !== null && !nameNumbers.has(g.name)) {
      nameNumbers.set(g.name, next);
      numberToIndex.set(next++, g.index);
    }
  }
  if (nameNumbers.size !== first.groups.filter((g) => g.name !== null).length) {
    throw new RegexTranslationError('a group name is used twice, which is not supported');
  }
  const names = new Set(nameNumbers.keys());
  const { source, options } = walk(pattern, numberToIndex, names);
  const flags = 'u' + (options.ignoreCase ? 'i' : '');
  let global: RegExp;
  let withIndices: RegExp;
  try {
    global = new RegExp(source, 'g' + flags);
    withIndices = new RegExp(source, 'dg' + flags);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '') : String(error);
    throw new RegexTranslationError(`the pattern is not a valid regular expression (${reason})`);
  }
  const compiled: CompiledRegex = {
    global,
    withIndices,
    numberToIndex,
    names,
    captureCount: first.groups.length,
    lastGroupIndex: numberToIndex.get(next - 1) ?? 0,
  };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, compiled);
  return compiled;
}

/** One piece of a parsed .NET replacement string. */
type ReplacementPart =
  | string
  | { readonly group: number }
  | { readonly name: string }
  | { readonly special: 'prefix' | 'suffix' | 'input' };

const replacementCache = new Map<string, ReadonlyArray<ReplacementPart>>();

/** Parses a .NET replacement string against a compiled pattern (cached per pattern + replacement). */
function parseReplacement(regex: CompiledRegex, pattern: string, replacement: string): ReadonlyArray<ReplacementPart> {
  const key = pattern + '\u0000' + replacement;
  const cached = replacementCache.get(key);
  if (cached !== undefined) return cached;
  const parts: ReplacementPart[] = [];
  let text = '';
  const flush = (): void => {
    if (text !== '') parts.push(text);
    text = '';
  };
  for (let i = 0; i < replacement.length; ) {
    const ch = replacement[i]!;
    if (ch !== '$' || i + 1 >= replacement.length) {
      text += ch;
      i++;
      continue;
    }
    const next = replacement[i + 1]!;
    let group: number | undefined;
    let consumed = 0;
    if (next >= '0' && next <= '9') {
      const digits = /^\d+/.exec(replacement.slice(i + 1))![0];
      group = regex.numberToIndex.get(Number(digits));
      consumed = 1 + digits.length;
    } else if (next === '{') {
      const m = /^\{(\w+)\}/.exec(replacement.slice(i + 1));
      if (m !== null) {
        const name = m[1]!;
        if (/^\d+$/.test(name)) {
          group = regex.numberToIndex.get(Number(name));
        } else if (regex.names.has(name)) {
          flush();
          parts.push({ name });
          i += 1 + m[0].length;
          continue;
        }
        consumed = 1 + m[0].length;
      }
    } else if (next === '$') {
      text += '$';
      i += 2;
      continue;
    } else if (next === '&') {
      group = 0;
      consumed = 2;
    } else if (next === '+') {
      group = regex.lastGroupIndex;
      consumed = 2;
    } else if (next === '`' || next === "'" || next === '_') {
      flush();
      parts.push({ special: next === '`' ? 'prefix' : next === "'" ? 'suffix' : 'input' });
      i += 2;
      continue;
    }
    if (group !== undefined) {
      flush();
      parts.push({ group });
      i += consumed;
    } else {
      // Not a valid substitution: .NET keeps the "$" literally and carries on after it.
      text += '$';
      i++;
    }
  }
  flush();
  if (replacementCache.size >= CACHE_LIMIT) replacementCache.clear();
  replacementCache.set(key, parts);
  return parts;
}

/** .NET `Regex.Replace(input, pattern, replacement)`: every non-overlapping match, with .NET substitutions. */
export function regexReplace(input: string, pattern: string, replacement: string): string {
  const regex = compileDotNetRegex(pattern);
  if (!replacement.includes('$')) return input.replace(regex.global, () => replacement);
  const parts = parseReplacement(regex, pattern, replacement);
  const count = regex.captureCount;
  return input.replace(regex.global, (...args: unknown[]) => {
    const offset = args[count + 1] as number;
    const groups = args[count + 3] as Record<string, string | undefined> | undefined;
    let out = '';
    for (const part of parts) {
      if (typeof part === 'string') {
        out += part;
      } else if ('group' in part) {
        out += (args[part.group] as string | undefined) ?? '';
      } else if ('name' in part) {
        out += groups?.[part.name] ?? '';
      } else if (part.special === 'prefix') {
        out += input.slice(0, offset);
      } else if (part.special === 'suffix') {
        out += input.slice(offset + (args[0] as string).length);
      } else {
        out += input;
      }
    }
    return out;
  });
}

/**
 * Replaces only the text captured by `groupName` in every match with `replacement` (taken literally); the rest of
 * each match is kept. A match where the group did not take part is left unchanged.
 */
export function replaceGroup(input: string, pattern: string, groupName: string, replacement: string): string {
  const regex = compileDotNetRegex(pattern);
  let out = '';
  let last = 0;
  for (const match of input.matchAll(regex.withIndices)) {
    const span = match.indices?.groups?.[groupName];
    // A group inside a lookaround can reach outside its match; never rewrite text twice.
    if (span === undefined || span[0] < last) continue;
    out += input.slice(last, span[0]) + replacement;
    last = span[1];
  }
  return out + input.slice(last);
}

/** The text the named group captured in the first match, or null when nothing matched or the group did not take part. */
export function firstGroupCapture(input: string, pattern: string, groupName: string): string | null {
  const regex = compileDotNetRegex(pattern);
  regex.global.lastIndex = 0;
  const match = regex.global.exec(input);
  regex.global.lastIndex = 0;
  return match?.groups?.[groupName] ?? null;
}
