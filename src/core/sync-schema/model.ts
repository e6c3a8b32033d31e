/**
 * What both sides can express, in one place: how object mappings are recognised, target object actions ↔ `flowTypes`,
 * which targets our configuration can hold, and the canonical form of an attribute mapping (the form a round trip
 * through the schema gives back, because the schema cannot tell `Direct userPrincipalName` from the expression
 * `[userPrincipalName]`).
 */
import {
  isZendeskTarget,
  type AttributeMapping,
  type TargetObjectAction,
} from '../config';
import {
  ExpressionParseError,
  fromAttributeMappingSource,
  parseExpression,
  printExpression,
  type ExpressionNode,
} from '../expressions';
import type { SchemaAttributeMapping, SynchronizationSchema } from './types';

export type MappingKind = 'userMapping' | 'groupMapping';

/** `objectMapping.sourceObjectName` of each of our two object mappings (§3.1). Compared case-insensitively. */
export const SOURCE_OBJECT_NAMES: Readonly<Record<MappingKind, string>> = { userMapping: 'User', groupMapping: 'Group' };

/** Target object action ↔ `flowTypes` member, in the flags enum's order (§8.7 `None | Add | Update | Delete`). */
const ACTION_FLOWS: ReadonlyArray<readonly [TargetObjectAction, string]> = [['Create', 'Add'], ['Update', 'Update'], ['Delete', 'Delete']];

/** `["Delete", "Create"]` → `"Add, Delete"`; none → `"None"` (how a flags enum prints zero). */
export function actionsToFlowTypes(actions: ReadonlyArray<TargetObjectAction>): string {
  const flows = ACTION_FLOWS.filter(([action]) => actions.includes(action)).map(([, flow]) => flow);
  return flows.length === 0 ? 'None' : flows.join(', ');
}

/** `"Add, Update, Delete"` → actions in canonical order, plus the members we don't know (names compare case-insensitively). */
export function flowTypesToActions(flowTypes: string): { actions: TargetObjectAction[]; unknown: string[] } {
  const members = flowTypes.split(',').map((m) => m.trim()).filter((m) => m !== '');
  const unknown = members.filter((m) => m.toLowerCase() !== 'none' && !ACTION_FLOWS.some(([, flow]) => flow.toLowerCase() === m.toLowerCase()));
  const actions = ACTION_FLOWS.filter(([, flow]) => members.some((m) => m.toLowerCase() === flow.toLowerCase())).map(([action]) => action);
  return { actions, unknown };
}

/** Actions in canonical order (what a round trip through `flowTypes` gives). */
export function canonicalActions(actions: ReadonlyArray<TargetObjectAction>): TargetObjectAction[] {
  return ACTION_FLOWS.map(([action]) => action).filter((action) => actions.includes(action));
}

/** The attribute names a `Direct` mapping accepts (the configuration's rule, config/semantic.ts). */
const DIRECT_SOURCE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Mutable form of a mapping as written in the configuration file, keys in the defaults' order. */
export interface AttributeMappingDocument {
  type: AttributeMapping['type'];
  source?: string;
  target: string;
  defaultValue?: string;
  matchingPrecedence?: number;
  apply: AttributeMapping['apply'];
}

/**
 * The mapping as a trip through the schema gives it back. Decisions: an expression that is a bare attribute becomes
 * `Direct`, a bare non-empty string or number becomes `Constant` (the schema's source has the same shape for both);
 * a constant `""` stays an expression (`Constant` needs a value); expressions are in canonical print (§8.8); `None`
 * has no source. Throws ExpressionParseError for an expression that does not parse (a loaded config never has one).
 */
export function canonicalAttributeMapping(mapping: AttributeMapping): AttributeMappingDocument {
  const rest = {
    target: mapping.target,
    ...(mapping.defaultValue !== undefined ? { defaultValue: mapping.defaultValue } : {}),
    ...(mapping.matchingPrecedence !== undefined ? { matchingPrecedence: mapping.matchingPrecedence } : {}),
    apply: mapping.apply,
  };
  switch (mapping.type) {
    case 'None':
      return { type: 'None', ...rest };
    case 'Direct':
      return { type: 'Direct', source: mapping.source ?? '', ...rest };
    case 'Constant':
      return (mapping.source ?? '') === ''
        ? { type: 'Expression', source: '""', ...rest }
        : { type: 'Constant', source: mapping.source, ...rest };
    case 'Expression':
      return { ...sourceFromNode(parseExpression(mapping.source ?? '')), ...rest };
  }
}

/** A mapping's type and source for a parsed source expression (see canonicalAttributeMapping). */
export function sourceFromNode(node: ExpressionNode): { type: 'Direct' | 'Constant' | 'Expression'; source: string } {
  if (node.type === 'Attribute' && DIRECT_SOURCE.test(node.name)) return { type: 'Direct', source: node.name };
  if (node.type === 'Constant' && (node.form === 'string' || node.form === 'number') && node.value !== '') {
    return { type: 'Constant', source: node.value };
  }
  return { type: 'Expression', source: printExpression(node) };
}


/** The first object mapping for `kind` in the schema (by `sourceObjectName`): its rule and position. */
export function findObjectMapping(schema: SynchronizationSchema | undefined, kind: MappingKind): { rule: number; mapping: number } | undefined {
  const wanted = SOURCE_OBJECT_NAMES[kind].toLowerCase();
  const rules = Array.isArray(schema?.synchronizationRules) ? schema.synchronizationRules : [];
  for (let r = 0; r < rules.length; r++) {
    const mappings = Array.isArray(rules[r]?.objectMappings) ? rules[r]!.objectMappings : [];
    for (let m = 0; m < mappings.length; m++) {
      const name: unknown = mappings[m]?.sourceObjectName;
      if (typeof name === 'string' && name.toLowerCase() === wanted) return { rule: r, mapping: m };
    }
  }
  return undefined;
}

/**
 * Why our configuration cannot hold this schema attribute mapping at all (undefined when it can, possibly
 * approximated). Import drops such a mapping with a report; a push with the job's schema as base keeps it.
 */
export function unexpressibleAttributeMapping(mapping: SchemaAttributeMapping, kind: MappingKind): string | undefined {
  const target: unknown = mapping.targetAttributeName;
  if (typeof target !== 'string' || target === '') return 'it has no targetAttributeName';
  if (!isZendeskTarget(kind, target)) {
    return `"${target}" is not a Zendesk ${kind === 'userMapping' ? 'user' : 'group'} attribute this tool knows`;
  }
  if (mapping.source === null || mapping.source === undefined) return undefined;
  try {
    fromAttributeMappingSource(mapping.source);
    return undefined;
  } catch (error) {
    if (!(error instanceof ExpressionParseError)) throw error;
    return `its source cannot be read: ${error.message}`;
  }
}
