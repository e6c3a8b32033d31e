/**
 * The expression editor: a plain <textarea> over a mirror layer that draws wavy underlines at the ranges the host
 * reports (parse errors, lint warnings). The host validates; this only draws. The mirror has the same font and
 * padding as the textarea, so character offsets line up; it is aria-hidden, and the message is tied to the textarea
 * with aria-describedby / aria-invalid.
 */
import { h } from './dom';

export interface Underline {
  readonly offset: number;
  readonly length: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

export class ExpressionEditor {
  readonly element: HTMLElement;
  readonly textarea: HTMLTextAreaElement;
  private readonly mirror: HTMLElement;
  private readonly message: HTMLElement;
  private underlines: ReadonlyArray<Underline> = [];

  constructor(id: string, value: string, onInput: (value: string) => void) {
    this.textarea = h('textarea', {
      id, class: 'expr-input', rows: 3, spellcheck: 'false', autocomplete: 'off', 'aria-describedby': `${id}-message`,
      'aria-label': 'Expression',
    }) as HTMLTextAreaElement;
    this.textarea.value = value;
    this.mirror = h('div', { class: 'expr-mirror', 'aria-hidden': 'true' });
    this.message = h('div', { id: `${id}-message`, class: 'field-message', 'aria-live': 'polite' });
    this.element = h('div', { class: 'expr-editor' }, h('div', { class: 'expr-stack' }, this.mirror, this.textarea), this.message);
    this.textarea.addEventListener('input', () => {
      this.drawMirror();
      onInput(this.textarea.value);
    });
    this.textarea.addEventListener('scroll', () => {
      this.mirror.scrollTop = this.textarea.scrollTop;
    });
    this.drawMirror();
  }

  get value(): string {
    return this.textarea.value;
  }

  setUnderlines(underlines: ReadonlyArray<Underline>): void {
    this.underlines = underlines;
    this.drawMirror();
    const first = underlines.find((u) => u.severity === 'error') ?? underlines[0];
    this.textarea.setAttribute('aria-invalid', String(underlines.some((u) => u.severity === 'error')));
    this.message.replaceChildren(
      ...underlines.map((u) => {
        const { line, column } = positionOf(this.textarea.value, u.offset);
        return h('div', { class: `message-${u.severity}`, 'data-offset': u.offset, 'data-length': u.length },
          `${u.severity === 'error' ? 'Error' : 'Warning'} at line ${line}, column ${column}: ${u.message}`);
      }),
    );
    this.message.classList.toggle('has-error', first?.severity === 'error');
  }

  /** Inserts text at the caret (the function list's "Insert"), keeping undo where the browser supports it. */
  insert(text: string): void {
    this.textarea.focus();
    const { selectionStart, selectionEnd } = this.textarea;
    this.textarea.setRangeText(text, selectionStart, selectionEnd, 'end');
    this.textarea.dispatchEvent(new Event('input', { bubbles: true }));
  }

  private drawMirror(): void {
    const text = this.textarea.value;
    // Ranges sorted and clipped; an error at the end of the text underlines one extra (space) cell so it is visible.
    const ranges = [...this.underlines].sort((a, b) => a.offset - b.offset);
    const parts: (string | Node)[] = [];
    let at = 0;
    const padded = text + ' ';
    for (const range of ranges) {
      const start = Math.max(at, Math.min(range.offset, text.length));
      const end = Math.min(padded.length, Math.max(start + 1, range.offset + range.length));
      if (start > at) parts.push(padded.slice(at, start));
      parts.push(h('span', { class: `squiggle squiggle-${range.severity}`, 'data-offset': start }, padded.slice(start, end)));
      at = end;
    }
    parts.push(padded.slice(at));
    this.mirror.replaceChildren(...parts);
  }
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}
