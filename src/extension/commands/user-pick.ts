/**
 * The searchable quick pick of the application's assigned Entra users, shared by the commands that act on one user
 * (Trial Provision, Dry Run, Explain Scope, Provision on Demand via Entra, Compare Expression with Entra).
 */
import * as vscode from 'vscode';
import { UserCancelledError } from '../errors';
import type { Snapshot } from '../services/session';

export interface PickedUser {
  /** The Entra user id. */
  readonly id: string;
  /** What the pick showed: the display name, else the id. */
  readonly label: string;
}

/**
 * Asks for one of `snapshot`'s assigned Entra users (by name or user principal name; each row tells whether the user
 * is in scope and what the next cycle would do). Throws UserCancelledError when the pick is dismissed.
 */
export async function pickAssignedUser(snapshot: Snapshot, title: string): Promise<PickedUser> {
  const entries = new Map(snapshot.plan.users.map((e) => [e.sourceId, e]));
  const items = [...snapshot.model.entra.users.values()]
    .filter((u) => u.graph !== null)
    .map((u) => {
      const entry = entries.get(u.id);
      return { label: u.graph?.displayName ?? u.id, description: u.graph?.userPrincipalName ?? '', detail: entry ? `${entry.scope.inScope ? 'in scope' : 'out of scope'} · ${entry.message}` : undefined, id: u.id };
    })
    .sort((a, b) => a.label.localeCompare(b.label));
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Search by name or user principal name', matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true });
  if (picked === undefined) throw new UserCancelledError('the user pick');
  return { id: picked.id, label: picked.label };
}
