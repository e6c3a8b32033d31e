/**
 * What the editor's source pickers offer before discovery: the Entra attributes the provisioning schema exposes for
 * users and groups, in sync-engine names (reference §8.7: `objectId`, `telephoneNumber`, `mobile`,
 * `extensionAttribute1..15`, the virtual `IsSoftDeleted` and `appRoleAssignments`). Directory extensions discovered in
 * the tenant are added to the user list at run time. The picker accepts any name: these are suggestions.
 */
export const ENTRA_USER_SOURCE_ATTRIBUTES: ReadonlyArray<string> = [
  'accountEnabled', 'appRoleAssignments', 'city', 'companyName', 'country', 'department', 'displayName', 'employeeId',
  'employeeType', 'facsimileTelephoneNumber', 'givenName', 'IsSoftDeleted', 'jobTitle', 'mail', 'mailNickname', 'manager',
  'mobile', 'objectId', 'onPremisesSamAccountName', 'onPremisesSecurityIdentifier', 'otherMails', 'physicalDeliveryOfficeName',
  'postalCode', 'preferredLanguage', 'proxyAddresses', 'state', 'streetAddress', 'surname', 'telephoneNumber', 'usageLocation',
  'userPrincipalName', 'userType',
  ...Array.from({ length: 15 }, (_, i) => `extensionAttribute${i + 1}`),
];

export const ENTRA_GROUP_SOURCE_ATTRIBUTES: ReadonlyArray<string> = [
  'appRoleAssignments', 'description', 'displayName', 'IsSoftDeleted', 'mail', 'mailEnabled', 'mailNickname', 'members',
  'objectId', 'securityEnabled',
];
