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

/** A view's root rows from `build`; a builder that throws gives one error row instead of a blank view. */
function rootsOf(build: () => NodeSpec[], viewId: string): TreeNode[] {
  let specs: NodeSpec[];
  try {
    specs = build();
  } catch (error) {
    specs = [errorNode(viewId, error instanceof Error ? error.message : String(error))];
  }
  return specs.map((spec) => ({ spec, parent: undefined }));
}

/** Every node under `roots` (included), depth first. */
function flattenNodes(roots: ReadonlyArray<NodeSpec>): NodeSpec[] {
  return roots.flatMap((spec) => [spec, ...flattenNodes(spec.children ?? [])]);
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

/**
 * What every view's provider shares: rows are {@link TreeNode}s over {@link NodeSpec}s, the roots built once per
 * change by the subclass's `rootBuilder()` (a builder that throws gives one error row) and dropped by `invalidate()`.
 */
export abstract class NodeTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  protected readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private roots: TreeNode[] | undefined;

  constructor(readonly viewId: string) {}

  /** How to build the root rows now, or undefined while the view shows none (its `viewsWelcome` shows then). */
  protected abstract rootBuilder(): (() => NodeSpec[]) | undefined;

  /** Drops the built rows and has VS Code ask for them again. */
  protected invalidate(): void {
    this.roots = undefined;
    this.emitter.fire(undefined);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node.spec);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (node !== undefined) return (node.spec.children ?? []).map((spec) => ({ spec, parent: node }));
    const build = this.rootBuilder();
    if (build === undefined) return [];
    this.roots ??= rootsOf(build, this.viewId);
    return this.roots;
  }

  /** Every node as shown, depth first (tests and the quick pick read the tree as shown). */
  flatten(): NodeSpec[] {
    return flattenNodes(this.getChildren().map((n) => n.spec));
  }
}

export class SnapshotTreeProvider extends NodeTreeProvider implements vscode.Disposable {
  /** "Load more" paging: rows shown per parent id. */
  private readonly limits = new Map<string, number>();
  private readonly subscription: vscode.Disposable;

  constructor(
    viewId: string,
    private readonly session: Pick<ProvisioningSession, 'state' | 'snapshot' | 'onDidChange'>,
    private readonly build: NodeBuilder,
  ) {
    super(viewId);
    this.subscription = session.onDidChange(() => this.refresh());
  }

  refresh(): void {
    this.invalidate();
  }

  /** Shows `pageSize` more rows under `parentId` ("Load more…"). */
  loadMore(parentId: string, pageSize: number): void {
    this.limits.set(parentId, (this.limits.get(parentId) ?? pageSize) + pageSize);
    this.refresh();
  }

  protected rootBuilder(): (() => NodeSpec[]) | undefined {
    const snapshot = this.session.snapshot;
    if (this.session.state !== 'ready' || snapshot === undefined) return undefined;
    return () => this.build(snapshot, this.limits);
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
