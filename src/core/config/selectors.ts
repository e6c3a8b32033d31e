/** Small readings of a resolved configuration that several callers (engine, CLI, extension) need the same way. */
import type { AttributeMapping, EntraSettings, ObjectMapping } from './types';

export type EnterpriseAppSelector =
  | { readonly by: 'servicePrincipalId'; readonly value: string }
  | { readonly by: 'appId'; readonly value: string }
  | { readonly by: 'displayName'; readonly value: string };

/**
 * How to find the enterprise app. Decision: when several identifiers are set, the most precise wins —
 * servicePrincipalId, then appId, then displayName (display names need not be unique in a tenant).
 */
export function enterpriseAppSelector(entra: EntraSettings): EnterpriseAppSelector {
  if (entra.servicePrincipalId !== undefined) return { by: 'servicePrincipalId', value: entra.servicePrincipalId };
  if (entra.appId !== undefined) return { by: 'appId', value: entra.appId };
  if (entra.displayName !== undefined) return { by: 'displayName', value: entra.displayName };
  // loadConfig rejects such a file; reaching here means a hand-built config object.
  throw new Error('entra: name the enterprise application with servicePrincipalId, appId or displayName');
}

/** The matching attributes in the order the service tries them (lowest precedence first). */
export function matchingMappings(mapping: ObjectMapping): AttributeMapping[] {
  return mapping.attributeMappings
    .filter((m) => m.matchingPrecedence !== undefined)
    .sort((a, b) => a.matchingPrecedence! - b.matchingPrecedence!);
}
