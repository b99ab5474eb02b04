import { html, nothing, type PropertyValues } from 'lit';
import { html as staticHtml } from 'lit/static-html.js';
import { staticTag } from '../base/static-tag.js';
import { Task } from '@lit/task';
import { ContextProvider } from '@lit/context';
import { outcomeContext } from '../context.js';
import { displayName, type Contact } from '@portico/core';
import { PorticoElement, devWarn, isAbort } from '../base/portico-element.js';
import { sharedStyles } from '../base/shared.styles.js';
import { StatusController, statusStyles } from '../base/status-message.js';
import { dialogStyles } from '../base/dialog.js';
import { CommandController } from '../base/command-controller.js';
import {
  ContactRouteEvent,
  type ContactActionEvent,
  type ContactDeletedEvent,
  type ContactSavedEvent,
  type ManagerRoute,
  type UserAssociatedEvent,
} from '../events.js';
import type { ContactChange } from '../store.js';
import type { ContactDelete } from '../contact-delete/contact-delete.js';
import type { RolePicker } from '../role-picker/role-picker.js';
import type { ContactForm } from '../contact-form/contact-form.js';
import type { ContactList } from '../contact-list/contact-list.js';
import { contactManagerStyles } from './contact-manager.styles.js';
import { enContactManager } from '../i18n/en-contact-manager.js';
import { DIALOG_ACTIONS, ManagerDialog } from './manager-dialog.js';
import { contactIdOf, hashFromRoute, routeFromHash } from './manager-routes.js';
import { MANAGER_DEPENDENCIES, ManagerLoader } from './manager-loader.js';
import { mayDo, mayEdit, pageHeading } from './manager-pages.js';
import { LockedSection } from './locked-section.js';

export { hashFromRoute, routeFromHash } from './manager-routes.js';

/**
 * The whole "Manage Users" page of the sources in one tag: the contacts list with "New
 * contact", a contact's page with its actions, the create and edit form (with "Contact role"
 * on create), and dialogs to delete, reset a password, assign roles and associate a user
 * account. With `routing="hash"` the page is in the URL (`#/contacts`, `#/contacts/<id>`,
 * `#/contacts/<id>/edit`, `#/contacts/new`), so links, reload, back and forward work; without
 * it the manager keeps its page to itself. Every dialog is modal, closes on Escape and returns
 * focus to the button that opened it. Offers only what the viewer may do and the client can.
 *
 * The outcome of the last action shows in one short status message, announced politely, that
 * the next one replaces, a page change or a search clears, and its close button or Escape
 * dismisses. The inner elements' writes report there too (`outcomeContext`), not in live regions
 * of their own, so each outcome is read once. "Locked out (n)" in the header filters the list to the locked-out contacts.
 *
 * Unsaved edits: "Back to contacts", Cancel and, with `routing="hash"`, the browser's back
 * button ask before they are thrown away, and so does the browser when the page is closed. A
 * host with its own router asks too: it reads `dirty` and awaits `confirmDiscard()` in its route
 * guard before it moves the manager away (docs/elements.md).
 *
 * The events of the inner elements (`contact-action`, `contact-save`, `contact-delete`,
 * `password-reset`, `user-associate`, `roles-save`, `contact-bulk-action`, their done events,
 * `login-changed`) bubble out of the manager unchanged, and the manager acts on a `contact-action`
 * only after a host's listener on it, an ancestor or the document had it: a host that prevents
 * any of these intent events vetoes the write.
 *
 * @summary The complete contact management page: list, view, form and dialogs.
 *
 * @fires contact-route - `{ route }` after the manager moved to another page.
 * @fires login-changed - `{ contact, action, previousState }` after "Create login".
 * @fires roles-save - Cancelable. `{ contactId, roleIds }` before the roles chosen on "New contact" are saved.
 * @fires roles-saved - `{ contact }` after they were saved.
 *
 * @csspart base - The wrapper of the page.
 * @csspart header - The heading row.
 * @csspart heading - The page heading.
 * @csspart new-button - The "New contact" button.
 * @csspart import-button - The "Import" button next to it, which opens `<contact-import>` in a dialog.
 * @csspart back - The "Back to contacts" button.
 * @csspart message - The outcome of the last action, with its close button.
 * @csspart locked-button - The "Locked out (n)" toggle next to "Import contacts".
 * @csspart dialog - The dialog for password reset, roles, user association and import.
 * @csspart list-toolbar - Exported from `<contact-list>`, like `list-search`, `list-table`, `list-row`, `list-status`, `list-menu-button`, `list-menu`, `list-bulk-bar`, `list-pager`.
 * @csspart view-fields - Exported from `<contact-view>`, like `view-actions`.
 * @csspart form-form - Exported from `<contact-form>`, like `form-field`, `form-error`, `form-alert`, `form-submit`, `form-cancel`.
 * @csspart delete-dialog - Exported from `<contact-delete>`, like `delete-title`, `delete-question`, `delete-error`, `delete-confirm`, `delete-cancel`.
 *
 * @cssproperty --contact-manager-gap - Space between the parts.
 * @cssproperty --contact-manager-title-size - Font size of the page heading.
 * @cssproperty --contact-manager-dialog-width - The width of the dialogs.
 */
export class ContactManager extends PorticoElement {
  /** The English this element shows besides the shared strings and those of its dependencies (docs/i18n.md). */
  protected static override englishParts = [enContactManager];

  /** The elements the manager renders (manager-loader.ts), registered with it under the same prefix. */
  static override dependencies = MANAGER_DEPENDENCIES;

  static override styles = [sharedStyles, dialogStyles, statusStyles, contactManagerStyles];

  static override properties = {
    routing: { type: String },
    route: { attribute: false },
    newRoles: { state: true },
  };

  /** `hash` keeps the page in the URL hash; empty (the default) keeps it inside the element. */
  declare routing: '' | 'hash';
  /** The page shown. Set it to move; `navigate()` also writes the hash when `routing="hash"`. */
  declare route: ManagerRoute;

  /** The roles chosen on the create page, set right after the contact was created. */
  protected declare newRoles: string[];

  /**
   * Resolves when every element the manager renders is defined. Those on demand (the contact's
   * page, the form, the dialogs) are fetched when the browser is idle after the manager's first
   * page has rendered, so a click rarely waits for them.
   */
  get dependenciesLoaded(): Promise<void> {
    return this.loader.loaded;
  }

  private readonly loader = new ManagerLoader(this, {
    names: () => Object.keys((this.constructor as typeof ContactManager).dependencies),
    isDefined: (name) => this.isDependencyDefined(name),
    load: (name) => this.loadDependency(name),
    started: () => this.activeClient !== undefined,
    failed: (name, error) => {
      devWarn(this, `Could not load <${this.tagOf(name)}>: ${error instanceof Error ? error.message : String(error)}`);
      this.say(this.problemText(error), true);
    },
    // Offline, say: each page or dialog asks again when it is opened.
    prefetchFailed: (error) => devWarn(this, `Could not load the manager's elements: ${error instanceof Error ? error.message : String(error)}`),
  });

  /** The outcome of the last action. */
  private readonly status = new StatusController(
    this,
    () => this.t.dismissMessage,
    () => this.renderRoot.querySelector<HTMLElement>('#heading')?.focus(),
  );
  /** The inner elements' outcomes go to the status message. */
  private readonly outcomes = new ContextProvider(this, { context: outcomeContext, initialValue: (message: string) => this.say(message) });
  private readonly locked = new LockedSection(this, () => this.listElement());
  private readonly command = new CommandController(this, {
    notify: (change) => this.notifyChange(change),
    announce: (message) => this.say(message),
  });
  private readonly dialog = new ManagerDialog(this, {
    tagOf: (name) => this.tagOf(name),
    ready: (...names) => this.loader.ready(...names),
    isDefined: (name) => this.isDependencyDefined(name),
    load: (name) => this.loadDependency(name),
    opened: () => this.loader.opened(),
    loadingState: () => this.loader.loadingState(),
    saveRoles: (picker) => void this.saveRoles(picker),
    associated: (event) => this.onAssociated(event),
    // The list behind the import dialog shows the imported contacts.
    imported: () => this.renderRoot.querySelector<ContactList>(this.tagOf('contact-list'))?.refresh(),
  });
  private focusHeading = false;
  private lastRouteKey = '';

  /** The contact of the current page, for its heading and permissions. */
  private readonly contactTask = new Task(this, {
    task: async ([client, contactId], { signal }) => (client && contactId ? client.getContact(contactId, { signal }) : undefined),
    args: () => [this.activeClient, contactIdOf(this.route)] as const,
  });

  constructor() {
    super();
    this.routing = '';
    this.route = { view: 'list' };
    this.newRoles = [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHashChange);
    window.addEventListener('contact-action', this.onAction);
    if (this.routing === 'hash') this.onHashChange();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHashChange);
    window.removeEventListener('contact-action', this.onAction);
  }

  /** Moves to a page; with hash routing this adds a history entry (or replaces the current one). */
  navigate(route: ManagerRoute, { replace = false }: { replace?: boolean } = {}): void {
    if (this.routing === 'hash') {
      const hash = hashFromRoute(route);
      if (location.hash !== hash) {
        if (replace) history.replaceState(history.state, '', hash);
        else location.hash = hash;
      }
    }
    this.focusHeading = true;
    this.status.clear();
    this.loader.opened();
    this.route = route;
  }

  /** Whether the page's form has changes that are not saved (false on the other pages). */
  get dirty(): boolean {
    return this.pageForm()?.dirty ?? false;
  }

  /**
   * For a host's own way off the page (its router's guard, a link of its own): resolves `true`
   * at once when nothing would be lost, otherwise asks "Discard your unsaved changes?" in the form
   * and resolves with the answer (`true` after "Discard changes", the edits put back).
   */
  confirmDiscard(): Promise<boolean> {
    return this.pageForm()?.confirmDiscard() ?? Promise.resolve(true);
  }

  /** The page's form, whatever tag it was registered under. */
  private pageForm(): ContactForm | undefined {
    return [...this.renderRoot.querySelectorAll('*')].find((element): element is ContactForm => 'confirmDiscard' in element);
  }

  private listElement(): ContactList | null {
    return this.renderRoot.querySelector<ContactList>(this.tagOf('contact-list'));
  }

  /** Another viewer (or none): back to the list, without the previous viewer's contact or message. */
  protected override viewerChanged(): void {
    this.status.clear();
    this.loader.opened();
    if (this.route.view !== 'list') this.navigate({ view: 'list' }, { replace: true });
    super.viewerChanged();
  }

  /** Back to the list; from a form with unsaved changes only once the user agreed to discard them, as Cancel asks. */
  private readonly onBack = () => {
    if (!this.dirty) this.navigate({ view: 'list' });
    else void this.confirmDiscard().then((discard) => discard && this.navigate({ view: 'list' }));
  };

  /** The new contact duplicates an existing one and the user opens that: after the discard question, as Back asks. */
  private readonly onOpenDuplicate = (event: HTMLElementEventMap['contact-open']) => {
    const form = event.currentTarget as ContactForm;
    const contactId = event.detail.contact.id;
    void form.confirmDiscard().then((discard) => {
      if (discard) this.navigate({ view: 'contact', contactId });
    });
  };

  private readonly onHashChange = () => {
    if (this.routing !== 'hash') return;
    const route = routeFromHash(location.hash) ?? { view: 'list' };
    if (hashFromRoute(route) === hashFromRoute(this.route)) return;
    if (this.dirty) {
      // Back, forward or a link would lose the edits: the URL stays on the form until the user agreed.
      history.pushState(history.state, '', hashFromRoute(this.route));
      void this.confirmDiscard().then((discard) => {
        if (!discard) return;
        history.replaceState(history.state, '', hashFromRoute(route));
        this.onHashChange();
      });
      return;
    }
    this.focusHeading = this.hasUpdated;
    this.status.clear();
    this.route = route;
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('routing') && this.routing === 'hash' && this.isConnected) {
      const route = routeFromHash(location.hash);
      if (route) this.route = route;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const key = hashFromRoute(this.route);
    if (key !== this.lastRouteKey) {
      const first = this.lastRouteKey === '';
      this.lastRouteKey = key;
      if (!first) this.dispatchEvent(new ContactRouteEvent({ route: this.route }));
    }
    if (this.focusHeading) {
      this.focusHeading = false;
      this.renderRoot.querySelector<HTMLElement>('#heading')?.focus();
    }
  }

  protected override contactChanged(change: ContactChange): void {
    const current = contactIdOf(this.route);
    this.locked.changed();
    if (change.id !== current) return;
    if (change.contact === null) this.navigate({ view: 'list' }, { replace: true });
    else void this.contactTask.run();
  }

  // ---- Rendering -------------------------------------------------------------------------

  private may(action: 'contact.create' | 'roles.assign'): boolean {
    return mayDo(this.activeViewer, this.activeClient, action);
  }

  protected override render() {
    const t = this.t;
    if (!this.activeClient) return html`<p class="message error" role="alert">${t.noClient}</p>`;
    const route = this.route;
    return html`
      <div class="manager" part="base" @keydown=${this.status.onKeydown}>
        <header part="header">
          <h2 id="heading" part="heading" tabindex="-1">${pageHeading(this.route, this.contactTask.value, this.t)}</h2>
          ${route.view === 'list' && this.may('contact.create')
            ? html`<span class="header-actions">
                ${this.locked.render()}
                <button type="button" id="import-contacts" part="import-button" @click=${() => void this.dialog.open('import')}>${t.importContacts}</button>
                <button type="button" id="new-contact" class="primary" part="new-button" @click=${() => this.navigate({ view: 'new' })}>
                  ${t.newContact}
                </button>
              </span>`
            : nothing}
        </header>
        ${route.view !== 'list'
          ? html`<button type="button" class="back" part="back" id="back" @click=${this.onBack}>
              <span class="mirror-rtl" aria-hidden="true">←</span> ${t.backToContacts}
            </button>`
          : nothing}
        ${this.status.render()}
        ${this.renderPage()}
      </div>
      ${this.renderDelete()} ${this.dialog.render()}
    `;
  }

  private renderDelete() {
    const tag = staticTag(this.tagOf('contact-delete'));
    return staticHtml`<${tag}
      id="contact-delete"
      @contact-deleted=${this.onDeleted}
      .client=${this.client}
      .viewer=${this.viewer}
      .i18n=${this.i18n}
      exportparts="dialog: delete-dialog, title: delete-title, question: delete-question, error: delete-error, confirm: delete-confirm, cancel: delete-cancel"
    ></${tag}>`;
  }

  private renderPage() {
    const t = this.t;
    const route = this.route;
    switch (route.view) {
      case 'list': {
        const list = staticTag(this.tagOf('contact-list'));
        return staticHtml`<${list}
          .client=${this.client}
          .viewer=${this.viewer}
          .i18n=${this.i18n}
          exportparts="toolbar: list-toolbar, search: list-search, table: list-table, row: list-row, status: list-status, menu-button: list-menu-button, menu: list-menu, bulk-bar: list-bulk-bar, pager: list-pager"
          @contact-open=${(event: HTMLElementEventMap['contact-open']) => this.navigate({ view: 'contact', contactId: event.detail.contact.id })}
          @input=${() => this.locked.listInput(this.status)}
          @contact-export=${() => this.status.clear()}
          @contact-bulk-action=${() => this.status.clear()}
        ></${list}>`;
      }
      case 'contact': {
        const view = staticTag(this.tagOf('contact-view'));
        return staticHtml`${this.loader.ready('contact-view') ? nothing : this.loader.loadingState()}<${view}
          .client=${this.client}
          .viewer=${this.viewer}
          .i18n=${this.i18n}
          contact-id=${route.contactId}
          exportparts="fields: view-fields, actions: view-actions"
        >
          <span slot="header"></span>
        </${view}>`;
      }
      case 'edit': {
        const contact = this.contactTask.value;
        if (contact?.id === route.contactId && !mayEdit(this.activeViewer, this.activeClient, contact)) return html`<p class="message">${t.editNotAllowed}</p>`;
        const form = staticTag(this.tagOf('contact-form'));
        return staticHtml`${this.loader.ready('contact-form') ? nothing : this.loader.loadingState()}<${form}
          no-heading
          .client=${this.client}
          .viewer=${this.viewer}
          .i18n=${this.i18n}
          contact-id=${route.contactId}
          exportparts="form: form-form, field: form-field, error: form-error, alert: form-alert, submit: form-submit, cancel: form-cancel"
          @contact-saved=${this.onSaved}
          @contact-cancel=${() => this.navigate({ view: 'contact', contactId: route.contactId })}
        ></${form}>`;
      }
      case 'new': {
        if (!this.activeViewer) return html`<p aria-busy="true">${t.loading}</p>`;
        if (!this.may('contact.create')) return html`<p class="message">${t.createNotAllowed}</p>`;
        // The role picker sits inside the form, before Create, so roles are chosen before saving (seed 002).
        const form = staticTag(this.tagOf('contact-form'));
        const picker = staticTag(this.tagOf('role-picker'));
        const ready = this.loader.ready('contact-form', ...(this.may('roles.assign') ? ['role-picker'] : []));
        return staticHtml`${ready ? nothing : this.loader.loadingState()}<${form}
          no-heading
          .client=${this.client}
          .viewer=${this.viewer}
          .i18n=${this.i18n}
          exportparts="form: form-form, field: form-field, error: form-error, alert: form-alert, submit: form-submit, cancel: form-cancel"
          @contact-saved=${this.onSaved}
          @contact-cancel=${() => this.navigate({ view: 'list' })}
          @contact-open=${this.onOpenDuplicate}
        >
          ${this.may('roles.assign')
            ? staticHtml`<div slot="extra-fields" class="new-roles">
                <${picker}
                  id="new-roles"
                  .client=${this.client}
                  .viewer=${this.viewer}
                  .i18n=${this.i18n}
                  label=${t.contactRole}
                  .value=${this.newRoles}
                  @change=${(event: Event) => (this.newRoles = [...(event.target as RolePicker).value])}
                ></${picker}>
              </div>`
            : nothing}
        </${form}>`;
      }
    }
  }


  // ---- Actions ---------------------------------------------------------------------------

  /**
   * Heard on the window, where a `contact-action` of the list or view inside arrives last: a
   * host's listener on the manager, an ancestor or the document has had the chance to prevent it.
   */
  private readonly onAction = (event: Event) => {
    if (event.defaultPrevented || !event.composedPath().includes(this)) return;
    const { action, contact } = (event as ContactActionEvent).detail;
    if (action === 'contact.update') this.navigate({ view: 'edit', contactId: contact.id });
    else if (action === 'contact.delete') void this.dialog.confirmDelete(contact);
    else if (action === 'login.create') void this.createLogin(contact);
    else if (DIALOG_ACTIONS[action]) void this.dialog.open(DIALOG_ACTIONS[action], contact);
  };

  private async createLogin(contact: Contact) {
    // The `contact-action` that asked for it was the intent event, and nobody prevented it.
    const outcome = await this.command.run('login.create', contact, { intent: false });
    if (outcome.status === 'failed') this.say(this.t.actionFailed(displayName(contact), outcome.message), true);
  }

  private async saveRoles(picker: RolePicker) {
    this.dialog.set({ busy: true, error: '' });
    try {
      const updated = await picker.save();
      this.dialog.set({ busy: false });
      this.dialog.close();
      if (!updated) return;
      this.say(this.t.rolesSaved(displayName(updated)));
      void this.contactTask.run();
    } catch (error) {
      if (!isAbort(error)) this.dialog.set({ error: this.t.rolesFailed(this.problemText(error)) });
    } finally {
      this.dialog.set({ busy: false });
    }
  }

  private onDeleted(event: ContactDeletedEvent) {
    const deleted = (event.target as ContactDelete).contact;
    // The deleted contact's page or row is gone: the list and its heading take over.
    if (contactIdOf(this.route) === event.detail.contactId) this.navigate({ view: 'list' }, { replace: true });
    else {
      this.focusHeading = true;
      this.requestUpdate();
    }
    if (deleted) this.say(this.t.contactDeleted(displayName(deleted)));
  }

  private onAssociated(event: UserAssociatedEvent) {
    this.dialog.close();
    const { contact } = event.detail;
    this.say(this.t.associated(contact.userId ?? '', displayName(contact)));
  }

  private async onSaved(event: ContactSavedEvent) {
    const { contact, created } = event.detail;
    const roles = this.newRoles;
    this.newRoles = [];
    this.navigate({ view: 'contact', contactId: contact.id });
    this.say(created ? this.t.contactCreated(displayName(contact)) : this.t.contactUpdated(displayName(contact)));
    if (!created || roles.length === 0) return;
    // Seed 002's "Contact role" on create: the contact exists first, then it gets its roles.
    const outcome = await this.command.run('roles.assign', { contactId: contact.id, roleIds: roles });
    if (outcome.status === 'done') void this.contactTask.run();
    else if (outcome.status === 'failed') this.say(this.t.createdRolesFailed(outcome.message), true);
  }

  private say(text: string, error = false) {
    this.status.show(text, error);
  }
}
