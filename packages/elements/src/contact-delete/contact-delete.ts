import { html, nothing, type PropertyValues } from 'lit';
import { displayName, type Contact } from '@portico/core';
import { PorticoElement } from '../base/portico-element.js';
import { sharedStyles } from '../base/shared.styles.js';
import { ModalFocus, closeOnEscape, dialogStyles } from '../base/dialog.js';
import { allowedActions } from '../base/actions.js';
import { CommandController } from '../base/command-controller.js';
import { contactDeleteStyles } from './contact-delete.styles.js';
import { enContactDelete } from '../i18n/en-contact-delete.js';

/**
 * The "Confirm delete" pop-up of the sources: "Delete Leon Andersson? This cannot be undone."
 * with Yes and No. A modal dialog: focus stays inside, Escape or No closes it, and focus goes
 * back to the button that opened it. Never deletes what the viewer may not delete (their own
 * contact, one outside their scope): it says so instead. A failure shows in the dialog.
 *
 * @summary A confirmation dialog that deletes one contact.
 *
 * @fires contact-delete - Cancelable. `{ contact }` before the call; preventing it closes the dialog without deleting.
 * @fires contact-deleted - `{ contactId }` after the contact was deleted.
 *
 * @csspart dialog - The `<dialog>`.
 * @csspart title - The dialog's heading.
 * @csspart question - The question naming the contact.
 * @csspart error - The message after a failed delete.
 * @csspart confirm - The Yes button.
 * @csspart cancel - The No button.
 *
 * @cssproperty --contact-delete-width - The width of the dialog.
 */
export class ContactDelete extends PorticoElement {
  /** The English this element shows besides the shared strings (docs/i18n.md). */
  protected static override englishParts = [enContactDelete];

  static override styles = [sharedStyles, dialogStyles, contactDeleteStyles];

  static override properties = {
    contact: { attribute: false },
    open: { type: Boolean, reflect: true },
    deleting: { state: true },
    error: { state: true },
  };

  /** The contact to delete. */
  declare contact: Contact | undefined;
  /** Whether the dialog is showing. `show()` and `close()` set it. */
  declare open: boolean;

  protected declare deleting: boolean;
  protected declare error: string;

  private readonly modal = new ModalFocus();
  private readonly command = new CommandController(this, { notify: (change) => this.notifyChange(change) });

  constructor() {
    super();
    this.contact = undefined;
    this.open = false;
    this.deleting = false;
    this.error = '';
  }

  /** Opens the dialog for `contact` (or the `contact` already set). */
  show(contact?: Contact): void {
    if (contact) this.contact = contact;
    this.open = true;
  }

  close(): void {
    this.open = false;
  }

  private get dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('contact') || (changed.has('open') && this.open)) this.error = '';
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (!changed.has('open')) return;
    if (this.open) this.modal.open(this.dialog);
    else if (this.dialog?.open) {
      // Not waiting for the `close` event: a page in the background may deliver it late.
      this.dialog.close();
      this.modal.restore();
    }
  }

  private get allowed(): boolean | undefined {
    const viewer = this.activeViewer;
    const client = this.activeClient;
    if (!viewer || !client || !this.contact) return undefined;
    return allowedActions(viewer, this.contact, client.capabilities).includes('contact.delete');
  }

  protected override render() {
    const t = this.t;
    const contact = this.contact;
    const allowed = this.allowed;
    let body;
    if (!this.activeClient) body = html`<p class="message error" role="alert">${t.noClient}</p>`;
    else if (!contact) body = nothing;
    else if (allowed === undefined) body = html`<p aria-busy="true">${t.loading}</p>`;
    else if (!allowed) body = html`<p class="question" part="question">${t.deleteNotAllowed}</p>`;
    else body = html`<p class="question" part="question">${t.deleteQuestion(displayName(contact))}</p>`;
    return html`<dialog part="dialog" tabindex="-1" aria-labelledby="title" aria-describedby="body" @cancel=${this.onCancel}
      @close=${this.onClose}
      @keydown=${(event: KeyboardEvent) => closeOnEscape(event, () => this.close(), this.deleting)}
    >
      <h2 id="title" part="title">${t.deleteTitle}</h2>
      <div id="body" aria-busy=${this.deleting ? 'true' : 'false'}>${body}</div>
      ${this.error ? html`<p class="message error" part="error" role="alert">${this.error}</p>` : nothing}
      <div class="dialog-buttons">
        ${allowed
          ? html`<button type="button" class="danger" part="confirm" ?disabled=${this.deleting} @click=${this.confirm}>
                ${this.deleting ? t.deleting : t.deleteYes}
              </button>
              <button type="button" part="cancel" autofocus ?disabled=${this.deleting} @click=${this.close}>${t.deleteNo}</button>`
          : html`<button type="button" part="cancel" autofocus @click=${this.close}>${t.close}</button>`}
      </div>
    </dialog>`;
  }

  private onCancel(event: Event) {
    // Escape while the call runs would hide its outcome.
    if (this.deleting) event.preventDefault();
  }

  private onClose() {
    this.open = false;
    this.modal.restore();
  }

  private async confirm() {
    const contact = this.contact;
    const client = this.activeClient;
    if (!contact || !client || this.deleting || !this.allowed) return;
    const outcome = await this.command.run('contact.delete', contact, {
      started: () => {
        this.deleting = true;
        this.error = '';
      },
      beforeDone: async () => {
        this.deleting = false;
        this.close();
        // Focus is back on the opener before anyone hears of the deletion, so a host that moves
        // focus elsewhere (the opener's row is about to disappear) has the last word.
        await this.updateComplete;
        this.modal.restore();
      },
    });
    this.deleting = false;
    if (outcome.status === 'vetoed') this.close();
    else if (outcome.status === 'failed') this.error = this.t.deleteFailed(outcome.message);
  }
}
