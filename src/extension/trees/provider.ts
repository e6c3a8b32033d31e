/**
 * One TreeDataProvider class for the five views: each view gives a function from the session's snapshot to
 * {@link NodeSpec}s. The tree never goes blank on failure: a builder that throws gives one error row; while the session
 * is not `ready` the roots are `[]` so the view's `viewsWelcome` (driven by the `entraZendesk:state` context key) shows.
 */
import * as vscode from 'vscode';
import { CommandIds } from '../constants';
import type { ProvisioningSession, Snapshot } from '../services/session';
import type { NodeSpec } from './nodes';

export type NodeBuilder = (snapshot: Snapshot, limits: ReadonlyMap<string, number>) => NodeSpec[];

/** A row of the tree: the spec plus its parent (for `getParent`/`reveal`). */
export interface TreeNode {
  readonly spec: NodeSpec;
  readonly parent: TreeNode | undefined;
}

export function errorNode(id: string, message: string): NodeSpec {
  return {
    id: `${id}/error`,
    label: `Error: ${message}`,
    tooltip: message,
    icon: 'error',
    iconColor: 'errorForeground',
    contextValue: 'entraZendesk.error',
    command: { command: CommandIds.showLog, title: 'Show Log' },
  };
}

export function toTreeItem(spec: NodeSpec): vscode.TreeItem {
  const hasChildren = spec.children !== undefined && spec.children.length > 0;
  const item = new vscode.TreeItem(
    spec.label,
    hasChildren ? (spec.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed) : vscode.TreeItemCollapsibleState.None,
  );
  item.id = spec.id;
  if (spec.description !== undefined) item.description = spec.description;
  if (spec.tooltip !== undefined) item.tooltip = new vscode.MarkdownString(spec.tooltip);
  if (spec.icon !== undefined) item.iconPath = new vscode.ThemeIcon(spec.icon, spec.iconColor !== undefined ? new vscode.ThemeColor(spec.iconColor) : undefined);
  if (spec.contextValue !== undefined) item.contextValue = spec.contextValue;
  if (spec.command !== undefined) item.command = { command: spec.command.command, title: spec.command.title, arguments: [...(spec.command.arguments ?? [])] };
  return item;
}

export class SnapshotTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  /** "Load more" paging: rows shown per parent id. */
  private readonly limits = new Map<string, number>();
  private readonly subscription: vscode.Disposable;
  private roots: TreeNode[] | undefined;

  constructor(
    readonly viewId: string,
    private readonly session: Pick<ProvisioningSession, 'state' | 'snapshot' | 'onDidChange'>,
    private readonly build: NodeBuilder,
  ) {
    this.subscription = session.onDidChange(() => this.refresh());
  }

  refresh(): void {
    this.roots = undefined;
    this.emitter.fire(undefined);
  }

  /** Shows `pageSize` more rows under `parentId` ("Load more…"). */
  loadMore(parentId: string, pageSize: number): void {
    this.limits.set(parentId, (this.limits.get(parentId) ?? pageSize) + pageSize);
    this.refresh();
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node.spec);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (node !== undefined) return (node.spec.children ?? []).map((spec) => ({ spec, parent: node }));
    const snapshot = this.session.snapshot;
    if (this.session.state !== 'ready' || snapshot === undefined) return [];
    if (this.roots === undefined) {
      let specs: NodeSpec[];
      try {
        specs = this.build(snapshot, this.limits);
      } catch (error) {
        specs = [errorNode(this.viewId, error instanceof Error ? error.message : String(error))];
      }
      this.roots = specs.map((spec) => ({ spec, parent: undefined }));
    }
    return this.roots;
  }

  /** Every node, depth first (tests and the quick pick read the tree as shown). */
  flatten(): NodeSpec[] {
    const out: NodeSpec[] = [];
    const walk = (specs: ReadonlyArray<NodeSpec>) => {
      for (const spec of specs) {
        out.push(spec);
        walk(spec.children ?? []);
      }
    };
    walk(this.getChildren().map((n) => n.spec));
    return out;
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
