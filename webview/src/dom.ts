/** A tiny element builder: the editor renders plain DOM (no framework) so the bundle stays small and CSP-clean. */
export type Child = Node | string | null | undefined | false;
export type Attrs = Record<string, string | number | boolean | undefined | null | ((event: Event) => void)>;

/** Properties rather than attributes: they must reflect the live value, not the initial one. */
const PROPERTIES = new Set(['value', 'checked', 'selectedIndex']);

export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') {
      element.addEventListener(key.slice(2), value);
    } else if (PROPERTIES.has(key)) {
      (element as unknown as Record<string, unknown>)[key] = value;
    } else {
      element.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: ReadonlyArray<Child>): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** The value of a native or vscode-elements form control. */
export function valueOf(target: EventTarget | null): string {
  return (target as { value?: unknown } | null)?.value as string ?? '';
}

export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): (...args: A) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: A) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn(...args);
    }, ms);
  };
}
