import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { PorticoStrings } from '../i18n/en.js';

type GuardHost = ReactiveControllerHost & {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly t: PorticoStrings;
  readonly dirty: boolean;
  readonly isConnected: boolean;
};

/**
 * Keeps unsaved input from being lost: the "Discard your unsaved changes?" question that Cancel,
 * a host's back button or route change ask (`confirmDiscard()`), and the browser's own question
 * when the page is closed or reloaded. The `beforeunload` listener is there only while there are
 * unsaved changes: a page with one is kept out of the browser's back-forward cache.
 */
export class DiscardGuard implements ReactiveController {
  /** The question shows. */
  asking = false;
  /** Answers the open question. */
  private pending: ((discard: boolean) => void) | undefined;
  private listening = false;

  constructor(
    private readonly host: GuardHost,
    /** Puts the values back as loaded. */
    private readonly discard: () => void,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    // An update may still run after the form was removed: a removed form no longer asks.
    this.listen(this.host.dirty && this.host.isConnected);
  }

  hostDisconnected(): void {
    this.listen(false);
  }

  private listen(on: boolean) {
    if (on === this.listening) return;
    this.listening = on;
    if (on) window.addEventListener('beforeunload', this.onBeforeUnload);
    else window.removeEventListener('beforeunload', this.onBeforeUnload);
  }

  private readonly onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (!this.host.dirty) return;
    event.preventDefault();
    // Older browsers need a return value to show their dialog.
    event.returnValue = '';
  };

  /** Resolves `true` at once when nothing changed, `true` after "Discard changes" (values put back), `false` after "Keep editing". */
  async confirm(): Promise<boolean> {
    if (!this.host.dirty) return true;
    this.pending?.(false);
    const answer = new Promise<boolean>((resolve) => (this.pending = resolve));
    this.asking = true;
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLElement>('#keep-editing')?.focus();
    return answer;
  }

  answer(discard: boolean): void {
    this.asking = false;
    this.host.requestUpdate();
    if (discard) this.discard();
    const resolve = this.pending;
    this.pending = undefined;
    resolve?.(discard);
  }

  render() {
    if (!this.asking) return nothing;
    const t = this.host.t;
    return html`<div class="confirm" role="group" aria-labelledby="discard-question">
      <p id="discard-question">${t.discardQuestion}</p>
      <button type="button" class="danger" @click=${() => this.answer(true)}>${t.discard}</button>
      <button type="button" id="keep-editing" @click=${() => this.answer(false)}>${t.keepEditing}</button>
    </div>`;
  }
}
