import { css, html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';

export interface StatusMessage {
  text: string;
  error: boolean;
}

/**
 * One short status message of an element: a new one replaces the last, a page change or a new
 * task clears it, and the user dismisses it with its close button or Escape. The polite live
 * region is rendered from the start (a region that appears together with its text is not
 * announced); each message is a new text node, so the same message twice is read twice.
 */
export class StatusController implements ReactiveController {
  private current: (StatusMessage & { id: number }) | null = null;
  private count = 0;

  constructor(
    private readonly host: ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment },
    /** The close button's accessible name, in the element's language. */
    private readonly dismissLabel: () => string,
    /** Where focus goes when the message it was on goes away. */
    private readonly focusAfterDismiss: () => void,
  ) {
    host.addController(this);
  }

  /** Nothing to set up: the region renders with the host. */
  hostConnected(): void {}

  get message(): StatusMessage | null {
    return this.current && { text: this.current.text, error: this.current.error };
  }

  show(text: string, error = false): void {
    this.count += 1;
    this.current = { text, error, id: this.count };
    this.host.requestUpdate();
  }

  clear(): void {
    if (!this.current) return;
    const root = this.host.renderRoot;
    const hadFocus = root instanceof ShadowRoot && root.activeElement?.closest('.status') != null;
    this.current = null;
    this.host.requestUpdate();
    if (hadFocus) void this.host.updateComplete.then(() => this.focusAfterDismiss());
  }

  /** Escape dismisses the message, unless something inside (a dialog, a menu) had the key first. */
  readonly onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || event.defaultPrevented || !this.current) return;
    event.preventDefault();
    this.clear();
  };

  render(): TemplateResult {
    const message = this.current;
    return html`<div class="status ${message ? `message ${message.error ? 'error' : 'ok'}` : 'visually-hidden'}" part="message">
      <p class="status-text" role="status" aria-live="polite">${message ? keyed(message.id, html`<span>${message.text}</span>`) : nothing}</p>
      ${message
        ? html`<button type="button" class="dismiss" aria-label=${this.dismissLabel()} title=${this.dismissLabel()} @click=${() => this.clear()}>
            <span aria-hidden="true">×</span>
          </button>`
        : nothing}
    </div>`;
  }
}

/** The message's box: the text, then its close button at the end of the line. */
export const statusStyles = css`
  .status {
    display: flex;
    align-items: center;
    gap: var(--portico-space-s, 0.5rem);
  }
  .status.ok {
    color: var(--portico-color-success, light-dark(#116b2f, #81c995));
  }
  .status-text {
    flex: 1;
    margin: 0;
  }
  .status .dismiss {
    flex: none;
    min-inline-size: 2.75rem;
    min-block-size: 2.75rem;
    padding: 0;
    border-color: transparent;
    background: transparent;
    color: inherit;
    font-size: 1.25rem;
    line-height: 1;
  }
`;
