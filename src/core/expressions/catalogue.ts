/**
 * The function catalogue: every function of the Entra expression language (reference §3.5, the legacy names of the
 * older Graph `schema/functions` catalogue, and AssertiveAppRoleAssignmentsComplex from §1.11) with its ordered
 * parameters. The parser checks arity against it, the Graph shape converter takes parameter keys from it, and the
 * editor shows its signatures and descriptions.
 *
 * Parameter names are the Graph keys where the reference gives them (Replace, Mid, Append, FormatDateTime, Switch);
 * elsewhere they are the documented parameter names, verbatim (`Left(String, NumChars)`), which is what the service's
 * catalogue is seeded from.
 */

/** Graph's attribute types (reference §8.7 `attributeDefinition.type`), used as parameter types. */
export type FunctionParameterType = 'String' | 'Integer' | 'Boolean' | 'DateTime';

export interface FunctionParameter {
  /** The Graph parameter key (`parameters[].key` in `attributeMappingSource`). */
  readonly name: string;
  /**
   * A required parameter must be present (not an empty slot). For a repeating parameter, required means at least
   * one occurrence.
   */
  readonly required: boolean;
  /**
   * The parameter repeats (Coalesce's sources, Join's sources, Switch's key/value list, SelectUniqueValue's rules).
   * Only the last parameter of a function may repeat; every argument from its position on belongs to it.
   */
  readonly allowMultipleOccurrences: boolean;
  readonly type: FunctionParameterType;
  /** This argument may be a comparison (`[a] = "b"`): only IIF's condition and CBool's argument. */
  readonly acceptsComparison?: boolean;
}

export interface FunctionSignature {
  /** Canonical casing, e.g. `SingleAppRoleAssignment`. */
  readonly name: string;
  readonly parameters: ReadonlyArray<FunctionParameter>;
  /** Fewest arguments (slots) a call must have. */
  readonly minArgs: number;
  /** Most arguments a call may have; `null` when the last parameter repeats. */
  readonly maxArgs: number | null;
  /** Switch: the arguments after the first two come in key/value pairs, so their count must be even. */
  readonly pairedRepeats?: boolean;
  /** SelectUniqueValue: the call must be the whole expression. */
  readonly topLevelOnly?: boolean;
  /** Present only in the older (beta) Graph catalogue (reference §3.5, legacy names). */
  readonly legacy?: boolean;
  /** One line for the editor's hover / completion. */
  readonly description: string;
  /** The signature as the editor shows it, e.g. `Mid(source, start, length)`. */
  readonly signature: string;
}

interface ParameterSpec {
  readonly name: string;
  readonly optional?: boolean;
  readonly repeats?: boolean;
  readonly type?: FunctionParameterType;
  readonly acceptsComparison?: boolean;
}

interface FunctionSpec {
  readonly name: string;
  readonly parameters: ReadonlyArray<ParameterSpec | string>;
  readonly description: string;
  readonly signature: string;
  /** Overrides the derived minimum (SelectUniqueValue needs two rules, Switch one key/value pair). */
  readonly minArgs?: number;
  readonly pairedRepeats?: boolean;
  readonly topLevelOnly?: boolean;
  readonly legacy?: boolean;
}

/** Shorthands for the table below. */
const opt = (name: string, type: FunctionParameterType = 'String'): ParameterSpec => ({ name, optional: true, type });
const int = (name: string): ParameterSpec => ({ name, type: 'Integer' });
const many = (name: string): ParameterSpec => ({ name, repeats: true });

const FUNCTION_SPECS: ReadonlyArray<FunctionSpec> = [
  {
    name: 'Append',
    parameters: ['source', 'suffix'],
    signature: 'Append(source, suffix)',
    description: 'Appends suffix to the end of source (a null source counts as "").',
  },
  {
    name: 'AppRoleAssignmentsComplex',
    parameters: ['source'],
    signature: 'AppRoleAssignmentsComplex([appRoleAssignments])',
    description: 'All assigned app roles as a complex multi-valued roles value (PATCH adds roles, never removes).',
  },
  {
    name: 'AssertiveAppRoleAssignmentsComplex',
    parameters: ['source'],
    signature: 'AssertiveAppRoleAssignmentsComplex([appRoleAssignments])',
    description: 'All assigned app roles as complex roles; PATCH replaces, removing roles no longer assigned.',
  },
  {
    name: 'BitAnd',
    parameters: [int('value1'), int('value2')],
    signature: 'BitAnd(value1, value2)',
    description: 'Bitwise AND of two integers (decimal or &H hex literals), as a decimal string.',
  },
  {
    name: 'CBool',
    parameters: [{ name: 'Expression', type: 'Boolean', acceptsComparison: true }],
    signature: 'CBool(Expression)',
    description: '"True" if the expression is non-zero or a true comparison, else "False".',
  },
  {
    name: 'CDate',
    parameters: ['expression'],
    signature: 'CDate(expression)',
    description: 'Parses a date/time string into a UTC date rendered as M/d/yyyy h:mm:ss tt.',
  },
  {
    // Whether the last argument is a default value or another source is an evaluation rule (reference §3.5:
    // the default only when it is a constant), so the catalogue declares one repeating parameter.
    name: 'Coalesce',
    parameters: [many('source')],
    signature: 'Coalesce(source1, …, sourceN[, defaultValue])',
    description: 'The first source that is not null ("" counts as a value); else the constant default, if given.',
  },
  {
    name: 'ConvertToBase64',
    parameters: ['source'],
    signature: 'ConvertToBase64(source)',
    description: 'Base64 of the UTF-16LE bytes of source.',
  },
  {
    name: 'ConvertToUTF8Hex',
    parameters: ['source'],
    signature: 'ConvertToUTF8Hex(source)',
    description: 'Upper-case hex of the UTF-8 bytes of source, two digits per byte.',
  },
  {
    name: 'Count',
    parameters: ['attribute'],
    signature: 'Count(attribute)',
    description: 'Number of values of a multi-valued attribute.',
  },
  {
    name: 'CStr',
    parameters: ['value'],
    signature: 'CStr(value)',
    description: 'Converts a number, reference or Boolean to a string.',
  },
  {
    name: 'DateAdd',
    parameters: ['interval', int('value'), { name: 'dateTime', type: 'DateTime' }],
    signature: 'DateAdd(interval, value, dateTime)',
    description: 'Adds value units (yyyy, m, d, ww, h, n, s) to dateTime.',
  },
  {
    name: 'DateDiff',
    parameters: ['interval', { name: 'date1', type: 'DateTime' }, { name: 'date2', type: 'DateTime' }],
    signature: 'DateDiff(interval, date1, date2)',
    description: 'Interval boundaries (yyyy, m, d, ww, h, n, s) crossed from date1 to date2, VB-style.',
  },
  {
    name: 'DateFromNum',
    parameters: [int('value')],
    signature: 'DateFromNum(value)',
    description: 'Converts an AD FILETIME number (100-ns ticks since 1601, UTC) to a date.',
  },
  {
    // The reference documents four parameters and the Graph keys of three (the older catalogue lists only source,
    // inputFormat, outputFormat). We keep the documented four so that E27's `FormatDateTime([x], , "in", "out")`
    // parses as written, and key the optional second one `dateTimeStyles`.
    name: 'FormatDateTime',
    parameters: ['source', opt('dateTimeStyles'), 'inputFormat', 'outputFormat'],
    signature: 'FormatDateTime(source, [dateTimeStyles], inputFormat, outputFormat)',
    description: 'Parses source with the .NET inputFormat and formats it with outputFormat.',
  },
  {
    name: 'Guid',
    parameters: [],
    signature: 'Guid()',
    description: 'A new random GUID, lower-case 8-4-4-4-12.',
  },
  {
    name: 'IgnoreFlowIfNullOrEmpty',
    parameters: ['expression'],
    signature: 'IgnoreFlowIfNullOrEmpty(expression)',
    description: 'Drops the target attribute from this flow when the value is null or "".',
  },
  {
    name: 'IIF',
    parameters: [{ name: 'condition', type: 'Boolean', acceptsComparison: true }, 'valueIfTrue', 'valueIfFalse'],
    signature: 'IIF(condition, valueIfTrue, valueIfFalse)',
    description: 'valueIfTrue if the condition holds, else valueIfFalse; null if a condition attribute is empty.',
  },
  {
    name: 'InStr',
    parameters: ['value1', 'value2', opt('start', 'Integer'), opt('compareType')],
    signature: 'InStr(value1, value2, [start], [compareType])',
    description: '1-based position of value2 in value1 (0 if absent); vbTextCompare ignores case.',
  },
  {
    name: 'IsNull',
    parameters: ['Expression'],
    signature: 'IsNull(Expression)',
    description: '"True" if the value is null (absent); "" is not null.',
  },
  {
    name: 'IsNullOrEmpty',
    parameters: ['Expression'],
    signature: 'IsNullOrEmpty(Expression)',
    description: '"True" if the value is null or "".',
  },
  {
    name: 'IsPresent',
    parameters: ['Expression'],
    signature: 'IsPresent(Expression)',
    description: '"True" if the value is neither null nor "".',
  },
  {
    name: 'IsString',
    parameters: ['Expression'],
    signature: 'IsString(Expression)',
    description: '"True" if the value can be evaluated to a string (any non-null value).',
  },
  {
    name: 'Item',
    parameters: ['attribute', int('index')],
    signature: 'Item(attribute, index)',
    description: 'The value at 1-based index of a multi-valued attribute (null when out of range).',
  },
  {
    name: 'Join',
    parameters: ['separator', many('source')],
    signature: 'Join(separator, source1, …, sourceN)',
    description: 'Joins the non-empty values of the sources with separator.',
  },
  {
    name: 'Left',
    parameters: ['String', int('NumChars')],
    signature: 'Left(String, NumChars)',
    description: 'The first NumChars characters of String.',
  },
  {
    name: 'Mid',
    parameters: ['source', int('start'), int('length')],
    signature: 'Mid(source, start, length)',
    description: 'length characters of source from the 1-based start.',
  },
  {
    name: 'NormalizeDiacritics',
    parameters: ['source'],
    signature: 'NormalizeDiacritics(source)',
    description: 'Replaces diacritic characters with their plain equivalents (ä → a, ß → ss).',
  },
  {
    name: 'Not',
    parameters: [{ name: 'source', type: 'Boolean' }],
    signature: 'Not(source)',
    description: '"False" if source is "True" (any casing), else "True".',
  },
  {
    name: 'Now',
    parameters: [],
    signature: 'Now()',
    description: 'The current UTC time as M/d/yyyy h:mm:ss tt.',
  },
  {
    name: 'NumFromDate',
    parameters: [{ name: 'value', type: 'DateTime' }],
    signature: 'NumFromDate(value)',
    description: 'Converts an ISO-8601 date to an AD FILETIME number (e.g. for accountExpires).',
  },
  {
    name: 'PCase',
    parameters: ['source', opt('wordSeparators')],
    signature: 'PCase(source, [wordSeparators])',
    description: 'Capitalizes the first letter of each word and lower-cases the rest.',
  },
  {
    name: 'RandomString',
    parameters: [
      int('Length'),
      int('MinimumNumbers'),
      int('MinimumSpecialCharacters'),
      int('MinimumCapital'),
      int('MinimumLowerCase'),
      opt('CharactersToAvoid'),
    ],
    signature:
      'RandomString(Length, MinimumNumbers, MinimumSpecialCharacters, MinimumCapital, MinimumLowerCase, [CharactersToAvoid])',
    description: 'A random string of Length (≤ 256) with at least the given numbers of each character class.',
  },
  {
    name: 'Redact',
    parameters: ['attribute_or_value'],
    signature: 'Redact(attribute_or_value)',
    description: 'The value flows unchanged but provisioning logs show [Redact].',
  },
  {
    name: 'RemoveDuplicates',
    parameters: ['attribute'],
    signature: 'RemoveDuplicates(attribute)',
    description: 'The distinct values of a multi-valued attribute, first occurrence kept.',
  },
  {
    name: 'Replace',
    parameters: [
      'source',
      opt('Find'),
      opt('RegularExpression'),
      opt('RegularExpressionGroupName'),
      opt('Replacement'),
      opt('ReplacementPropertyName'),
      opt('Template'),
    ],
    signature:
      'Replace(source, [oldValue], [regexPattern], [regexGroupName], [replacementValue], [replacementAttributeName], [template])',
    description: 'Replaces text or .NET regex matches in source (case-sensitive); see the five modes.',
  },
  {
    name: 'SelectUniqueValue',
    parameters: [many('rule')],
    minArgs: 2,
    topLevelOnly: true,
    signature: 'SelectUniqueValue(rule1, rule2, …, ruleN)',
    description: 'The first rule value not yet present in the target (top level only; not for Zendesk).',
  },
  {
    name: 'SingleAppRoleAssignment',
    parameters: ['source'],
    signature: 'SingleAppRoleAssignment([appRoleAssignments])',
    description: 'The name of the single assigned app role; an error with more than one.',
  },
  {
    name: 'Split',
    parameters: ['source', opt('delimiter')],
    signature: 'Split(source, [delimiter])',
    description: 'Splits source on delimiter (default ",") into a multi-valued list, no trimming.',
  },
  {
    name: 'StripSpaces',
    parameters: ['source'],
    signature: 'StripSpaces(source)',
    description: 'Removes every space character (U+0020).',
  },
  {
    // The older Graph catalogue declares `source, defaultValue, switchValue*` (reference §3.5): keys and values
    // alternate in the repeating switchValue. We require at least one key/value pair (a Switch without keys is
    // always its default, almost certainly a mistake), hence minArgs 4.
    name: 'Switch',
    parameters: ['source', opt('defaultValue'), many('switchValue')],
    minArgs: 4,
    pairedRepeats: true,
    signature: 'Switch(source, [defaultValue], key1, value1, key2, value2, …)',
    description: 'The value paired with the first key equal to source (case-sensitive); else defaultValue.',
  },
  {
    name: 'ToLower',
    parameters: ['source', opt('culture')],
    signature: 'ToLower(source, [culture])',
    description: 'Lower-cases source (invariant culture unless an RFC 4646 culture such as tr-TR is given).',
  },
  {
    name: 'ToUpper',
    parameters: ['source', opt('culture')],
    signature: 'ToUpper(source, [culture])',
    description: 'Upper-cases source (invariant culture unless an RFC 4646 culture such as tr-TR is given).',
  },
  {
    name: 'Word',
    parameters: ['String', int('WordNumber'), 'Delimiters'],
    signature: 'Word(String, WordNumber, Delimiters)',
    description: 'The WordNumber-th (1-based) word of String split on any of the Delimiters characters.',
  },
  {
    name: 'DefaultDomain',
    parameters: [],
    legacy: true,
    signature: 'DefaultDomain()',
    description: 'Legacy: listed by the older Graph catalogue; not supported by evaluation.',
  },
  {
    name: 'AppRoleAssignments',
    parameters: ['source'],
    legacy: true,
    signature: 'AppRoleAssignments(source)',
    description: 'Legacy: listed by the older Graph catalogue; use SingleAppRoleAssignment or AppRoleAssignmentsComplex.',
  },
  {
    name: 'IsNothing',
    parameters: ['source'],
    legacy: true,
    signature: 'IsNothing(source)',
    description: 'Legacy name of IsNull: "True" if the value is null.',
  },
  {
    name: 'Prepend',
    parameters: ['prefix', 'source'],
    legacy: true,
    signature: 'Prepend(prefix, source)',
    description: 'Legacy: prefix + source.',
  },
];

function buildSignature(spec: FunctionSpec): FunctionSignature {
  const parameters: FunctionParameter[] = spec.parameters.map((p) => {
    const s: ParameterSpec = typeof p === 'string' ? { name: p } : p;
    return {
      name: s.name,
      required: s.optional !== true,
      allowMultipleOccurrences: s.repeats === true,
      type: s.type ?? 'String',
      ...(s.acceptsComparison === true ? { acceptsComparison: true } : {}),
    };
  });
  const repeats = parameters.some((p) => p.allowMultipleOccurrences);
  // The minimum is one slot past the last required parameter (optional slots before it may be left empty).
  let derivedMin = 0;
  parameters.forEach((p, i) => {
    if (p.required) derivedMin = i + 1;
  });
  return {
    name: spec.name,
    parameters,
    minArgs: spec.minArgs ?? derivedMin,
    maxArgs: repeats ? null : parameters.length,
    ...(spec.pairedRepeats === true ? { pairedRepeats: true } : {}),
    ...(spec.topLevelOnly === true ? { topLevelOnly: true } : {}),
    ...(spec.legacy === true ? { legacy: true } : {}),
    description: spec.description,
    signature: spec.signature,
  };
}

/** Every function, in catalogue order (documented functions, then the legacy names). */
export const FUNCTION_CATALOGUE: ReadonlyArray<FunctionSignature> = Object.freeze(FUNCTION_SPECS.map(buildSignature));

const BY_LOWER_NAME: ReadonlyMap<string, FunctionSignature> = new Map(
  FUNCTION_CATALOGUE.map((f) => [f.name.toLowerCase(), f]),
);

/** Case-insensitive lookup (`switch` → the `Switch` entry); `undefined` for an unknown name. */
export function findFunction(name: string): FunctionSignature | undefined {
  return BY_LOWER_NAME.get(name.toLowerCase());
}

/**
 * The parameter that argument `index` (0-based) of a call binds to: past the end of the list, the repeating last
 * parameter; `undefined` when the function takes no argument at that position.
 */
export function parameterAt(fn: FunctionSignature, index: number): FunctionParameter | undefined {
  const params = fn.parameters;
  if (index < params.length) return params[index];
  const last = params[params.length - 1];
  return last?.allowMultipleOccurrences === true ? last : undefined;
}

/** One entry of Graph's `GET …/schema/functions` response. */
export interface GraphFunctionDefinition {
  readonly name: string;
  readonly parameters: ReadonlyArray<{
    readonly allowMultipleOccurrences: boolean;
    readonly name: string;
    readonly required: boolean;
    readonly type: FunctionParameterType;
  }>;
}

/** The catalogue in the shape of Graph's `GET …/jobs/{id}/schema/functions` response (reference §3.5, end). */
export function toGraphFunctionCatalogue(): { readonly value: ReadonlyArray<GraphFunctionDefinition> } {
  return {
    value: FUNCTION_CATALOGUE.map((f) => ({
      name: f.name,
      parameters: f.parameters.map((p) => ({
        allowMultipleOccurrences: p.allowMultipleOccurrences,
        name: p.name,
        required: p.required,
        type: p.type,
      })),
    })),
  };
}
