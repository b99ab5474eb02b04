import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { html as staticHtml } from 'lit/static-html.js';
import { displayName, type Contact, type ContactsClient, type Viewer } from '@portico/core';
import { staticTag } from '../base/static-tag.js';
import { ModalFocus, closeOnEscape, deepActiveElement } from '../base/dialog.js';
import type { PorticoElement } from '../base/portico-element.js';
import type { PorticoStrings } from '../i18n/en.js';
import type { ContactDelete } from '../contact-delete/contact-delete.js';
import type { RolePicker } from '../role-picker/role-picker.js';
import type { UserAssociatedEvent } from '../events.js';

export type DialogKind = 'reset' | 'roles' | 'associate' | 'import' | 'delete';

/** The element each dialog shows; `delete` is the manager's dialog only while `<contact-delete>` loads. */
const DIALOG_ELEMENTS: Record<DialogKind, string> = {
  reset: 'password-reset',
  roles: 'role-picker',
  associate: 'user-associate',
  import: 'contact-import',
  delete: 'contact-delete',
};

/** Actions the manager answers with a dialog. */
export const DIALOG_ACTIONS: Record<string, DialogKind> = {
  'password.reset_link': 'reset',
  'password.reset_temporary': 'reset',
  'password.set': 'reset',
  'roles.assign': 'roles',
  'user.associate': 'associate',
};

/** What the dialog needs of `<contact-manager>`: its public state and, through callbacks, its dependencies and handlers. */
export interface DialogHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly client: ContactsClient | undefined;
  readonly viewer: Viewer | undefined;
  readonly i18n: Partial<PorticoStrings>;
  readonly t: PorticoStrings;
}

export interface DialogLinks {
  tagOf(name: string): string;
  /** Whether these dependencies are defined; if not, loads them (see the manager's `ready`). */
  ready(...names: string[]): boolean;
  isDefined(name: string): boolean;
  load(name: string): Promise<void>;
  /** A page or dialog was opened: dependencies that failed may be asked for again. */
  opened(): void;
  loadingState(): TemplateResult;
  saveRoles(picker: RolePicker): void;
  associated(event: UserAssociatedEvent): void;
  imported(): void;
}

/**
 * The manager's one modal dialog (password reset, roles, user association, import, and the
 * delete confirmation while `<contact-delete>` loads): opens it on the button that asked, closes
 * it on Escape unless a call runs, and returns focus to that button.
 */
export class ManagerDialog implements ReactiveController {
  kind: DialogKind | null = null;
  contact: Contact | undefined;
  busy = false;
  error = '';
  private readonly modal = new ModalFocus();

  constructor(
    private readonly host: DialogHost,
    private readonly links: DialogLinks,
  ) {
    host.addController(this);
  }

  /** Nothing to set up: the dialog opens when asked. */
  hostConnected(): void {}

  set(state: Partial<Pick<ManagerDialog, 'busy' | 'error'>>): void {
    Object.assign(this, state);
    this.host.requestUpdate();
  }

  private get element(): HTMLDialogElement | null {
    return this.host.renderRoot.querySelector<HTMLDialogElement>('dialog[part="dialog"]');
  }

  /**
   * Opens a dialog; when its element is still loading, the dialog shows that and, once the
   * element has arrived, focus goes where it would have gone at once (unless the user moved it).
   */
  async open(kind: DialogKind, contact?: Contact): Promise<void> {
    // Who opened it is known only now, before the dialog's content renders.
    const opener = deepActiveElement();
    this.links.opened();
    Object.assign(this, { kind, contact, error: '', busy: false });
    this.host.requestUpdate();
    await this.host.updateComplete;
    const dialog = this.element;
    this.modal.open(dialog, opener);
    const name = DIALOG_ELEMENTS[kind];
    if (!dialog || this.links.isDefined(name)) return;
    const focused = deepActiveElement();
    try {
      await this.links.load(name);
    } catch {
      return; // ready() says so in the message.
    }
    if (this.kind !== kind || kind === 'delete') return;
    await this.host.updateComplete;
    await this.host.renderRoot.querySelector<PorticoElement>(this.links.tagOf(name))?.updateComplete;
    if (deepActiveElement() === focused) this.modal.refocus(dialog);
  }

  /** Asks to confirm a deletion; while `<contact-delete>` loads, the manager's dialog says so. */
  async confirmDelete(contact: Contact): Promise<void> {
    if (!this.links.isDefined('contact-delete')) {
      await this.open('delete', contact);
      if (this.kind !== 'delete' || !this.links.isDefined('contact-delete')) return;
      // Focus back on the opener first: the confirmation returns it there.
      this.close();
    }
    await this.host.updateComplete;
    const confirm = this.host.renderRoot.querySelector<ContactDelete>('#contact-delete');
    await confirm?.updateComplete;
    confirm?.show(contact);
  }

  close(): void {
    this.element?.close();
    // Not waiting for the `close` event: a page in the background may deliver it late.
    this.closed();
  }

  private closed() {
    Object.assign(this, { kind: null, contact: undefined, error: '' });
    this.host.requestUpdate();
    this.modal.restore();
  }

  render(): TemplateResult {
    const { t, client, viewer, i18n } = this.host;
    const links = this.links;
    const contact = this.contact;
    const name = contact ? displayName(contact) : '';
    let title = '';
    let body: unknown = nothing;
    let buttons = html`<button type="button" @click=${() => this.close()}>${t.close}</button>`;
    const loading = this.kind !== null && !links.ready(DIALOG_ELEMENTS[this.kind]);
    const tag = (kind: DialogKind) => staticTag(links.tagOf(DIALOG_ELEMENTS[kind]));
    if (contact && this.kind === 'delete') {
      title = t.deleteTitle;
      body = links.loadingState();
    } else if (contact && this.kind === 'reset') {
      title = t.resetPasswordTitle(name);
      body = staticHtml`<${tag('reset')} .client=${client} .viewer=${viewer} .i18n=${i18n} .contact=${contact}></${tag('reset')}>`;
    } else if (contact && this.kind === 'associate') {
      title = t.associateUserTitle(name);
      body = staticHtml`<${tag('associate')}
        .client=${client}
        .viewer=${viewer}
        .i18n=${i18n}
        .contact=${contact}
        @user-associated=${(event: UserAssociatedEvent) => links.associated(event)}
      ></${tag('associate')}>`;
    } else if (contact && this.kind === 'roles') {
      title = t.assignRolesTitle(name);
      body = staticHtml`<${tag('roles')}
        id="roles-picker"
        contact-id=${contact.id}
        .client=${client}
        .viewer=${viewer}
        .i18n=${i18n}
        label=${t.rolesLabel}
        .value=${contact.roles}
        ?disabled=${this.busy}
      ></${tag('roles')}>`;
      const save = () => {
        const picker = this.host.renderRoot.querySelector<RolePicker>('#roles-picker');
        if (picker && !this.busy) links.saveRoles(picker);
      };
      buttons = html`<button type="button" class="primary" id="roles-ok" ?disabled=${this.busy || loading} @click=${save}>${t.ok}</button>
        <button type="button" ?disabled=${this.busy} @click=${() => this.close()}>${t.cancel}</button>`;
    } else if (this.kind === 'import') {
      title = t.importContacts;
      body = staticHtml`<${tag('import')} .client=${client} .viewer=${viewer} .i18n=${i18n} @contact-imported=${() => links.imported()}></${tag('import')}>`;
    }
    // The element's tag is rendered at once and upgrades in place when its chunk has arrived.
    if (loading && this.kind !== 'delete') body = html`${links.loadingState()}${body}`;
    return html`<dialog
      part="dialog"
      tabindex="-1"
      aria-labelledby="dialog-title"
      @cancel=${(event: Event) => {
        if (this.busy) event.preventDefault();
      }}
      @close=${(event: Event) => {
        // Reopened at once when its content arrived (ModalFocus.refocus): not a close for the user.
        if (!(event.target as HTMLDialogElement).open) this.closed();
      }}
      @keydown=${(event: KeyboardEvent) => closeOnEscape(event, () => this.close(), this.busy)}
    >
      <h2 id="dialog-title">${title}</h2>
      ${body}
      ${this.error ? html`<p class="message error" role="alert">${this.error}</p>` : nothing}
      <div class="dialog-buttons">${buttons}</div>
    </dialog>`;
  }
}
