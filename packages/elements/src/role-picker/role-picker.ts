import { html, nothing, type PropertyValues } from 'lit';
import { Task } from '@lit/task';
import { changeableRoles, type Contact, type Role } from '@portico/core';
import { PorticoElement, devWarn } from '../base/portico-element.js';
import { CommandController } from '../base/command-controller.js';
import { sharedStyles } from '../base/shared.styles.js';
import { Announcer } from '../base/announcer.js';
import { FocusGroup } from '../base/focus-group.js';
import { localRole } from '../base/labels.js';
import { rolePickerStyles } from './role-picker.styles.js';
import { enRolePicker } from '../i18n/en-role-picker.js';

type ListId = 'available' | 'selected';

const idsConverter = {
  fromAttribute: (value: string | null): string[] => (value ?? '').split(/[\s,]+/).filter(Boolean),
  toAttribute: (value: string[]) => value.join(' '),
};

/**
 * Chooses the roles of a contact: the Available / Selected dual list of seed 000, or
 * `mode="checkboxes"` for permission sets (seed 004). Given roles of both kinds and no `kind`,
 * the dual list holds the contact roles and the permission sets are checkboxes beside it. Only roles the viewer may assign can
 * be moved; with `contact-id` set to the viewer's own contact, their Administrator role stays
 * (nobody removes their own). Form-associated: inside a `<form>` it submits each role id under `name`.
 * `save()` saves the chosen roles as those of `contact-id`, after a `roles-save` a host can prevent.
 *
 * @summary Picks roles or permission sets, as a dual list or as checkboxes.
 *
 * @fires change - When the user moved or ticked roles (never on programmatic changes).
 * @fires roles-save - Cancelable. `{ contactId, roleIds }` before `save()` calls the client; preventing it stops the call.
 * @fires roles-saved - `{ contact }` after `save()` saved the roles.
 *
 * @csspart filter - The filter input.
 * @csspart available - The list of available roles.
 * @csspart selected - The list of selected roles.
 * @csspart option - Each role in the lists.
 * @csspart buttons - The Add / Remove buttons.
 * @csspart checkbox - Each checkbox in checkbox mode.
 * @csspart permission-sets - The permission sets' checkboxes beside the dual list (roles of both kinds, no `kind`).
 *
 * @cssproperty --role-picker-gap - Space between the parts.
 * @cssproperty --role-picker-list-height - The smallest height of the lists.
 * @cssproperty --role-picker-list-max-height - The largest height of the lists before they scroll.
 * @cssproperty --role-picker-selected-background - Background of a selected option.
 *
 * @cssstate invalid - Required and empty.
 */
export class RolePicker extends PorticoElement {
  /** The English this element shows besides the shared strings (docs/i18n.md). */
  protected static override englishParts = [enRolePicker];

  static override styles = [sharedStyles, rolePickerStyles];
  static formAssociated = true;

  static override properties = {
    value: { converter: idsConverter },
    roles: { attribute: false },
    contactId: { type: String, attribute: 'contact-id' },
    name: { type: String },
    label: { type: String },
    mode: { type: String },
    kind: { type: String },
    required: { type: Boolean },
    disabled: { type: Boolean },
    filter: { state: true },
    marked: { state: true },
    formDisabled: { state: true },
  };

  /** The selected role ids. Attribute: space-separated ids (also the value a form reset returns to). */
  declare value: string[];
  /** The roles to choose from. Without it, `client.listRoles()` supplies them. */
  declare roles: Role[] | undefined;
  /** The contact whose roles these are, if it exists yet: the viewer's own `admin` role is then locked. */
  declare contactId: string;
  /** The form field name each selected id is submitted under. */
  declare name: string;
  /** The group's label (default "Roles", or "Permissions" for permission sets). */
  declare label: string;
  /** `dual` (Available / Selected lists; permission sets as checkboxes beside them) or `checkboxes`. */
  declare mode: 'dual' | 'checkboxes';
  /** Only roles of this kind: `role`, `permission_set`, or empty for all. */
  declare kind: '' | 'role' | 'permission_set';
  declare required: boolean;
  declare disabled: boolean;

  protected declare filter: string;
  /** Options marked (aria-selected) in each list, before they are moved. */
  protected declare marked: Record<ListId, Set<string>>;
  protected declare formDisabled: boolean;

  private readonly internals: ElementInternals;
  private readonly announcer = new Announcer(this);
  /** Each listbox's active option (`aria-activedescendant`): the arrow keys, Home and End move it. */
  private readonly focusGroups: Record<ListId, FocusGroup> = {
    available: this.listFocus('available'),
    selected: this.listFocus('selected'),
  };
  private readonly command = new CommandController(this, {
    notify: (change) => this.notifyChange(change),
    announce: (message) => this.announcer.announce(message),
  });
  private defaultValue: string[] = [];
  private userChange = false;

  private readonly rolesTask = new Task(this, {
    task: async ([client, roles], { signal }) => {
      if (roles) return roles;
      if (!client || !client.capabilities.roles) return [] as Role[];
      return client.listRoles({ signal });
    },
    args: () => [this.activeClient, this.roles] as const,
  });

  constructor() {
    super();
    this.internals = this.attachInternals();
    this.value = [];
    this.roles = undefined;
    this.contactId = '';
    this.name = '';
    this.label = '';
    this.mode = 'dual';
    this.kind = '';
    this.required = false;
    this.disabled = false;
    this.filter = '';
    this.marked = { available: new Set(), selected: new Set() };
    this.formDisabled = false;
  }

  // ---- Form association --------------------------------------------------------------------

  get form(): HTMLFormElement | null {
    return this.internals.form;
  }
  get validity(): ValidityState {
    return this.internals.validity;
  }
  get validationMessage(): string {
    return this.internals.validationMessage;
  }
  get willValidate(): boolean {
    return this.internals.willValidate;
  }
  checkValidity(): boolean {
    return this.internals.checkValidity();
  }
  reportValidity(): boolean {
    return this.internals.reportValidity();
  }

  formResetCallback(): void {
    this.value = [...this.defaultValue];
    this.marked = { available: new Set(), selected: new Set() };
  }

  formStateRestoreCallback(state: string | File | FormData | null): void {
    if (state instanceof FormData) this.value = state.getAll(this.name).filter((entry): entry is string => typeof entry === 'string');
    else if (typeof state === 'string') this.value = idsConverter.fromAttribute(state);
  }

  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
  }

  private syncForm() {
    if (this.name) {
      const data = new FormData();
      for (const id of this.value) data.append(this.name, id);
      this.internals.setFormValue(data, data);
    } else {
      this.internals.setFormValue(null);
    }
    const anchor = this.renderRoot.querySelector<HTMLElement>('[role="listbox"], input[type="checkbox"]') ?? undefined;
    if (this.required && this.value.length === 0) {
      this.internals.setValidity({ valueMissing: true }, this.t.rolesRequired, anchor);
      this.internals.states?.add('invalid');
    } else {
      this.internals.setValidity({});
      this.internals.states?.delete('invalid');
    }
  }

  // ---- Lifecycle -----------------------------------------------------------------------------

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('value')) {
      if (!Array.isArray(this.value)) this.value = [];
      if (!this.userChange) this.defaultValue = [...this.value];
    }
    this.userChange = false;
  }

  protected override updated(): void {
    // Cheap, and the validity anchor only exists once the roles have rendered.
    this.syncForm();
  }

  private get isDisabled(): boolean {
    return this.disabled || this.formDisabled || this.command.isBusy();
  }

  /**
   * Saves the selected roles as the roles of the contact `contact-id` through the client, after a
   * cancelable `roles-save`; `roles-saved` follows. Resolves with the contact as saved, or null
   * when a listener prevented it (or there is no `contact-id`); rejects with the client's error.
   */
  async save(): Promise<Contact | null> {
    if (!this.contactId) {
      devWarn(this, 'save() needs the contact-id of the contact whose roles these are.');
      return null;
    }
    const outcome = await this.command.run('roles.assign', { contactId: this.contactId, roleIds: [...this.value] });
    if (outcome.status === 'done') return outcome.result;
    if (outcome.status === 'vetoed') return null;
    throw outcome.status === 'failed' ? (outcome.error ?? new Error(outcome.message)) : new DOMException('The request was cancelled.', 'AbortError');
  }

  private get allRoles(): Role[] {
    const roles = (this.rolesTask.value ?? []).map((role) => localRole(role, this.t));
    return this.kind ? roles.filter((role) => role.kind === this.kind) : roles;
  }

  /**
   * The dual list with no `kind` among roles of both kinds: the contact roles in the dual list and
   * the permission sets as checkboxes beside it (seed 004), each group under its own heading.
   */
  private get split(): boolean {
    if (this.mode !== 'dual' || this.kind) return false;
    const kinds = new Set(this.allRoles.map((role) => role.kind));
    return kinds.has('role') && kinds.has('permission_set');
  }

  /** The roles of the dual list: without the permission sets when they are checkboxes beside it. */
  private get dualRoles(): Role[] {
    return this.split ? this.allRoles.filter((role) => role.kind !== 'permission_set') : this.allRoles;
  }

  private get assignable(): Set<string> {
    const ids = this.allRoles.map((role) => role.id);
    const viewer = this.activeViewer;
    // Without a viewer (no client at all) the host decides; with a client, wait for the viewer.
    if (!viewer) return new Set(this.activeClient ? [] : ids);
    return new Set(changeableRoles(viewer, this.contactId ? { id: this.contactId } : undefined, ids));
  }

  private roleById(id: string): Role {
    return this.allRoles.find((role) => role.id === id) ?? { id, name: id, description: '', kind: 'role' };
  }

  private lists(): Record<ListId, Role[]> {
    const needle = this.filter.trim().toLocaleLowerCase();
    const chosen = new Set(this.value);
    const listed = this.dualRoles;
    const listedIds = new Set(listed.map((role) => role.id));
    const elsewhere = new Set(this.allRoles.filter((role) => !listedIds.has(role.id)).map((role) => role.id));
    return {
      available: listed.filter(
        (role) =>
          !chosen.has(role.id) &&
          (!needle || role.name.toLocaleLowerCase().includes(needle) || role.description.toLocaleLowerCase().includes(needle)),
      ),
      selected: this.value.filter((id) => !elsewhere.has(id)).map((id) => this.roleById(id)),
    };
  }

  // ---- Rendering -----------------------------------------------------------------------------

  protected override render() {
    const t = this.t;
    const legend = this.label || (this.kind === 'permission_set' ? t.permissionsLabel : t.rolesLabel);
    if (this.rolesTask.status === 3)
      return html`<p class="message error" role="alert">
        ${t.rolesLoadError} ${this.problemText(this.rolesTask.error, '')}
        <button type="button" @click=${() => this.rolesTask.run()}>${t.retry}</button>
      </p>`;
    if (!this.roles && this.rolesTask.status !== 2) return html`<p aria-busy="true">${t.loading}</p>`;
    const invalid = this.required && this.value.length === 0;
    if (this.split)
      return html`<div class="split">
          <fieldset class="roles" ?disabled=${this.isDisabled} aria-describedby=${invalid ? 'required-message' : nothing}>
            <legend>${legend}</legend>
            ${this.renderDual()} ${invalid ? html`<p class="error-text" id="required-message">${t.rolesRequired}</p>` : nothing}
          </fieldset>
          <fieldset class="permission-sets" part="permission-sets" ?disabled=${this.isDisabled}>
            <legend>${t.permissionsLabel}</legend>
            ${this.renderCheckboxes(this.allRoles.filter((role) => role.kind === 'permission_set'))}
          </fieldset>
        </div>
        ${this.announcer.render()}`;
    return html`<fieldset ?disabled=${this.isDisabled} aria-describedby=${invalid ? 'required-message' : nothing}>
        <legend>${legend}</legend>
        ${this.mode === 'checkboxes' ? this.renderCheckboxes() : this.renderDual()}
        ${invalid ? html`<p class="error-text" id="required-message">${t.rolesRequired}</p>` : nothing}
      </fieldset>
      ${this.announcer.render()}`;
  }

  private renderCheckboxes(roles = this.allRoles) {
    const assignable = this.assignable;
    if (roles.length === 0) return html`<p>${this.t.noRoles}</p>`;
    return html`<div class="checkboxes">
      ${roles.map((role) => {
        const locked = !assignable.has(role.id);
        return html`<label>
          <input
            type="checkbox"
            part="checkbox"
            value=${role.id}
            .checked=${this.value.includes(role.id)}
            ?disabled=${locked || this.isDisabled}
            aria-describedby=${`desc-${role.id}`}
            @change=${(e: Event) => this.toggleChecked(role.id, (e.target as HTMLInputElement).checked)}
          />
          <span>${role.name}</span>
          <small id=${`desc-${role.id}`}>${role.description}${locked ? ` ${this.t.notAssignable}` : ''}</small>
        </label>`;
      })}
    </div>`;
  }

  private renderDual() {
    const t = this.t;
    const lists = this.lists();
    const assignable = this.assignable;
    const movable = (list: ListId) => lists[list].filter((role) => assignable.has(role.id));
    const marked = (list: ListId) => lists[list].filter((role) => this.marked[list].has(role.id) && assignable.has(role.id));
    const off = this.isDisabled;
    return html`
      <div class="filter">
        <label for="filter">${t.filterRoles}</label>
        <input id="filter" part="filter" type="search" autocomplete="off" .value=${this.filter} @input=${this.onFilter} />
      </div>
      <div class="dual">
        ${this.renderList('available', lists.available, t.available)}
        <div class="buttons" part="buttons">
          <button type="button" data-move="add" ?disabled=${off || marked('available').length === 0} @click=${() => this.moveMarked('available')}>
            ${t.add} <span class="arrow mirror-rtl" aria-hidden="true">›</span>
          </button>
          <button type="button" data-move="remove" ?disabled=${off || marked('selected').length === 0} @click=${() => this.moveMarked('selected')}>
            <span class="arrow mirror-rtl" aria-hidden="true">‹</span> ${t.remove}
          </button>
          <button
            type="button"
            data-move="add-all"
            ?disabled=${off || movable('available').length === 0}
            @click=${() => this.move(movable('available').map((role) => role.id), 'available')}
          >
            ${t.addAll} <span class="arrow mirror-rtl" aria-hidden="true">»</span>
          </button>
          <button
            type="button"
            data-move="remove-all"
            ?disabled=${off || movable('selected').length === 0}
            @click=${() => this.move(movable('selected').map((role) => role.id), 'selected')}
          >
            <span class="arrow mirror-rtl" aria-hidden="true">«</span> ${t.removeAll}
          </button>
        </div>
        ${this.renderList('selected', lists.selected, t.selected)}
      </div>
    `;
  }

  private renderList(list: ListId, roles: Role[], label: string) {
    const assignable = this.assignable;
    const active = Math.min(this.focusGroups[list].active, Math.max(0, roles.length - 1));
    const activeRole = roles[active];
    return html`<div class="column">
      <span id=${`${list}-label`}>${label}</span>
      <ul
        role="listbox"
        part=${list}
        id=${`${list}-list`}
        aria-labelledby=${`${list}-label`}
        aria-multiselectable="true"
        aria-disabled=${this.isDisabled ? 'true' : 'false'}
        aria-activedescendant=${activeRole ? `${list}-${activeRole.id}` : nothing}
        tabindex=${this.isDisabled ? -1 : 0}
        @keydown=${(e: KeyboardEvent) => this.onListKeydown(e, list, roles)}
      >
        ${roles.map((role, index) => {
          const locked = !assignable.has(role.id);
          return html`<li
            role="option"
            part="option"
            id=${`${list}-${role.id}`}
            data-id=${role.id}
            class=${index === active ? 'active' : ''}
            aria-selected=${this.marked[list].has(role.id) ? 'true' : 'false'}
            aria-disabled=${locked ? 'true' : 'false'}
            title=${locked ? this.t.notAssignable : nothing}
            @click=${() => this.onOptionClick(list, role, index)}
            @dblclick=${() => this.move([role.id], list)}
          >
            <span>${role.name}</span>
            ${role.description ? html`<small>${role.description}</small>` : nothing}
          </li>`;
        })}
      </ul>
    </div>`;
  }

  // ---- Interaction ---------------------------------------------------------------------------

  private onFilter(event: Event) {
    this.filter = (event.target as HTMLInputElement).value;
    this.focusGroups.available.active = 0;
  }

  private toggleMark(list: ListId, id: string) {
    if (!this.assignable.has(id) || this.isDisabled) return;
    const marked = new Set(this.marked[list]);
    if (marked.has(id)) marked.delete(id);
    else marked.add(id);
    this.marked = { ...this.marked, [list]: marked };
  }

  private onOptionClick(list: ListId, role: Role, index: number) {
    this.focusGroups[list].active = index;
    this.toggleMark(list, role.id);
    this.renderRoot.querySelector<HTMLElement>(`#${list}-list`)?.focus();
  }

  private listFocus(list: ListId): FocusGroup {
    return new FocusGroup(this, {
      count: () => this.lists()[list].length,
      onMove: () =>
        void this.updateComplete.then(() => this.renderRoot.querySelector(`#${list}-list .active`)?.scrollIntoView?.({ block: 'nearest' })),
    });
  }

  private onListKeydown(event: KeyboardEvent, list: ListId, roles: Role[]) {
    const current = Math.min(this.focusGroups[list].active, Math.max(0, roles.length - 1));
    if (this.focusGroups[list].handleKey(event, current)) return;
    switch (event.key) {
      case ' ': {
        const role = roles[current];
        if (role) this.toggleMark(list, role.id);
        break;
      }
      case 'Enter': {
        const marked = roles.filter((role) => this.marked[list].has(role.id)).map((role) => role.id);
        const role = roles[current];
        this.move(marked.length > 0 ? marked : role ? [role.id] : [], list);
        break;
      }
      case 'a':
        if (!(event.ctrlKey || event.metaKey)) return;
        this.marked = { ...this.marked, [list]: new Set(roles.map((role) => role.id).filter((id) => this.assignable.has(id))) };
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  private moveMarked(from: ListId) {
    this.move([...this.marked[from]], from);
  }

  /** Moves roles out of `from` into the other list, as the user asked. */
  private move(ids: string[], from: ListId) {
    if (this.isDisabled) return;
    const assignable = this.assignable;
    const moving = ids.filter((id) => assignable.has(id));
    if (moving.length === 0) return;
    const order = this.allRoles.map((role) => role.id);
    const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
    const next =
      from === 'available'
        ? [...new Set([...this.value, ...moving])].sort((a, b) => rank(a) - rank(b))
        : this.value.filter((id) => !moving.includes(id));
    const marked = new Set(this.marked[from]);
    for (const id of moving) marked.delete(id);
    this.marked = { ...this.marked, [from]: marked };
    this.setByUser(next);
    this.announcer.announce(this.t.rolesMoved(moving.length, from === 'available' ? this.t.selected : this.t.available));
  }

  private toggleChecked(id: string, checked: boolean) {
    if (!this.assignable.has(id)) return;
    this.setByUser(checked ? [...new Set([...this.value, id])] : this.value.filter((value) => value !== id));
  }

  private setByUser(value: string[]) {
    this.userChange = true;
    this.value = value;
    this.dispatchEvent(new Event('change', { bubbles: true }));
  }
}
