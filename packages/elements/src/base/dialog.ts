import { css } from 'lit';

/** The focused element, looking into open shadow roots (document.activeElement stops at a host). */
export const deepActiveElement = (): HTMLElement | null => {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : null;
};

/** Whether `node` is `container` or inside it, across shadow roots. */
export const contains = (container: Node, node: Node): boolean => {
  for (let current: Node | null = node; current; current = current instanceof ShadowRoot ? current.host : current.parentNode) {
    if (current === container) return true;
  }
  return false;
};

/**
 * A modal `<dialog>` that remembers who opened it. `showModal()` makes the rest of the page
 * inert (focus stays inside) and Escape closes it; on close, focus goes back to the opener,
 * which may sit in another shadow root where the browser's own restoring does not reach.
 */
export class ModalFocus {
  private opener: HTMLElement | null = null;

  open(dialog: HTMLDialogElement | null | undefined, opener: HTMLElement | null = deepActiveElement()): void {
    if (!dialog || dialog.open) return;
    this.opener = opener;
    dialog.showModal();
    // Nothing focusable found (its content may sit in shadow roots): focus the dialog itself, so
    // keys such as Escape reach it and a screen reader starts at its title.
    const active = deepActiveElement();
    if (!active || !contains(dialog, active)) dialog.focus();
  }

  /**
   * Runs the dialog's focusing steps again, for content that arrived after it opened (an
   * element loaded on demand); the opener is kept, so focus still returns there on close.
   */
  refocus(dialog: HTMLDialogElement): void {
    if (!dialog.open) return;
    dialog.close();
    dialog.showModal();
    const active = deepActiveElement();
    if (!active || !contains(dialog, active)) dialog.focus();
  }

  /** Call when the dialog closed (from its `close` event too: calling twice is harmless). */
  restore(): void {
    const opener = this.opener;
    this.opener = null;
    if (opener?.isConnected) opener.focus();
  }
}

/**
 * Escape calls `close` (unless `busy`, or an element inside used the key already). The browser
 * closes a modal dialog on Escape itself, but a page in a background tab may get the key and the
 * `close` event late or not at all; handling the key keeps the behaviour the same everywhere.
 */
export const closeOnEscape = (event: KeyboardEvent, close: () => void, busy = false): void => {
  if (event.key !== 'Escape' || event.defaultPrevented) return;
  event.preventDefault();
  if (!busy) close();
};

export const dialogStyles = css`
  dialog {
    max-inline-size: min(40rem, calc(100vw - 2rem));
    padding: var(--portico-space-l, 1.25rem);
    border: 1px solid var(--portico-color-border, light-dark(#d0d5dd, #3b424c));
    border-radius: var(--portico-radius, 0.375rem);
    background: var(--portico-color-surface, light-dark(#ffffff, #1b1f24));
    color: inherit;
  }
  dialog::backdrop {
    background: var(--portico-backdrop, rgb(15 23 42 / 0.45));
  }
  dialog h2 {
    margin-block: 0 0.75rem;
    font-size: 1.125rem;
  }
  .dialog-buttons {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 0.5rem;
    margin-block-start: 1rem;
  }
`;
