/**
 * The demo tenant: a "Zendesk" enterprise app whose imported roles mirror the Zendesk demo seed
 * (src/sandbox/zendesk/seeds/demo.json: End-user, Agent, Administrator and its custom roles, including the custom
 * "Agent" that collides with the built-in one), the same people with the same e-mails (Graph ids = Zendesk
 * external_ids where the Zendesk seed has one), plus Entra-only people. Scenarios: direct and group assignments, a
 * user assigned only through a nested group (Paula Nowak), one with Default Access only (Ingrid Solberg), one
 * disabled (Wen Li), one with two roles (Lee Gu: Agent directly, End-user through a group), two users sharing an
 * e-mail (Tomas Novak and "Tomas Novak (contractor)"), a Microsoft 365 group, unassigned users and a second app.
 * Imported as JSON so bundles (esbuild) carry it.
 */
import demo from './graph-demo.json';
import type { GraphSeed } from '../seed';

/** Object id of the demo's Zendesk service principal. */
export const DEMO_ZENDESK_SERVICE_PRINCIPAL_ID = '8e881353-1735-45af-af21-ee1344582a4d';
export const DEMO_ZENDESK_APP_ID = 'a1f4c7e2-3b5d-4e6f-9a8b-7c6d5e4f3a2b';

/** A fresh deep copy of the demo seed (callers may mutate it). */
export function loadDemoSeed(): GraphSeed {
  return JSON.parse(JSON.stringify(demo)) as GraphSeed;
}
