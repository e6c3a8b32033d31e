import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigIdentity } from '../../../src/core/config';
import type { SynchronizationSchema, TranslationReport } from '../../../src/core/sync-schema';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'sync-schema');

/** A fresh copy of a fixture schema each call, so tests can't leak edits into each other. */
export function fixtureSchema(name = 'portal-job-schema.json'): SynchronizationSchema {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as SynchronizationSchema;
}

export const IDENTITY: ConfigIdentity = {
  tenantId: 'contoso.onmicrosoft.com',
  servicePrincipalId: '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
  subdomain: 'contoso',
  adminEmail: 'admin@contoso.com',
};

/** The one report at `path` (fails listing all reports when there is none or several). */
export function reportAt(reports: ReadonlyArray<TranslationReport>, path: string): TranslationReport {
  const found = reports.filter((r) => r.path === path);
  if (found.length !== 1) {
    throw new Error(`expected one report at ${path}, found ${found.length}:\n${reports.map((r) => `  ${r.path} [${r.outcome}] ${r.message}`).join('\n')}`);
  }
  return found[0]!;
}
