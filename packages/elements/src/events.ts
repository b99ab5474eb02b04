import type { Action, Contact, ContactDraft, ContactPatch, ExportFormat, ListQueryInput, LoginState, PasswordReset, PasswordResetResult, Viewer } from '@portico/core';

/**
 * The public events of the elements. Domain events bubble and are composed, so a host hears
 * them from anywhere above; `detail` is a small typed object, never an element.
 */
const PUBLIC: EventInit = { bubbles: true, composed: true };

abstract class PorticoEvent<D> extends Event {
  constructor(
    type: string,
    readonly detail: D,
    init: EventInit = PUBLIC,
  ) {
    super(type, init);
  }
}

export interface ContactSaveDetail {
  mode: 'create' | 'update';
  /** The contact being edited, or null when creating. */
  contactId: string | null;
  /** The validated values about to be sent: a full draft on create, only the changed fields on update. */
  values: ContactDraft | ContactPatch;
}
/** Before a create or update call. Cancelable: `preventDefault()` stops the call. */
export class ContactSaveEvent extends PorticoEvent<ContactSaveDetail> {
  static readonly eventName = 'contact-save';
  constructor(detail: ContactSaveDetail) {
    super(ContactSaveEvent.eventName, detail, { ...PUBLIC, cancelable: true });
  }
}

/** After a create or update succeeded. */
export class ContactSavedEvent extends PorticoEvent<{ contact: Contact; created: boolean }> {
  static readonly eventName = 'contact-saved';
  constructor(detail: { contact: Contact; created: boolean }) {
    super(ContactSavedEvent.eventName, detail);
  }
}

/** The user left a form, after confirming when there were unsaved changes. */
export class ContactCancelEvent extends PorticoEvent<{ contactId: string | null; dirty: boolean }> {
  static readonly eventName = 'contact-cancel';
  constructor(detail: { contactId: string | null; dirty: boolean }) {
    super(ContactCancelEvent.eventName, detail);
  }
}

/** The user asked to open a contact (Enter on a row, its name, or View). */
export class ContactOpenEvent extends PorticoEvent<{ contact: Contact }> {
  static readonly eventName = 'contact-open';
  constructor(detail: { contact: Contact }) {
    super(ContactOpenEvent.eventName, detail);
  }
}

/**
 * The user chose an action for one contact. Cancelable. The host opens the matching UI
 * (edit, delete confirmation, roles, password reset); for enable, disable, lock and unlock
 * the element performs the change itself unless the event is prevented.
 */
export class ContactActionEvent extends PorticoEvent<{ action: Action; contact: Contact }> {
  static readonly eventName = 'contact-action';
  constructor(detail: { action: Action; contact: Contact }) {
    super(ContactActionEvent.eventName, detail, { ...PUBLIC, cancelable: true });
  }
}

export type BulkAction = 'login.enable' | 'login.disable' | 'login.lock' | 'login.unlock' | 'contact.delete';

/** Before a bulk action runs over the selected contacts. Cancelable. */
export class ContactBulkActionEvent extends PorticoEvent<{ action: BulkAction; contacts: Contact[] }> {
  static readonly eventName = 'contact-bulk-action';
  constructor(detail: { action: BulkAction; contacts: Contact[] }) {
    super(ContactBulkActionEvent.eventName, detail, { ...PUBLIC, cancelable: true });
  }
}

/** After a contact was deleted. */
export class ContactDeletedEvent extends PorticoEvent<{ contactId: string }> {
  static readonly eventName = 'contact-deleted';
  constructor(detail: { contactId: string }) {
    super(ContactDeletedEvent.eventName, detail);
  }
}

export type LoginAction = 'login.create' | 'login.enable' | 'login.disable' | 'login.lock' | 'login.unlock';

/** After a login was created, enabled, disabled, locked or unlocked. */
export class LoginChangedEvent extends PorticoEvent<{ contact: Contact; action: LoginAction; previousState: LoginState }> {
  static readonly eventName = 'login-changed';
  constructor(detail: { contact: Contact; action: LoginAction; previousState: LoginState }) {
    super(LoginChangedEvent.eventName, detail);
  }
}

export type PasswordResetMode = PasswordReset['mode'];

/** Before a password reset call. Cancelable: `preventDefault()` stops the call. */
export class PasswordResetEvent extends PorticoEvent<{ contactId: string; mode: PasswordResetMode }> {
  static readonly eventName = 'password-reset';
  constructor(detail: { contactId: string; mode: PasswordResetMode }) {
    super(PasswordResetEvent.eventName, detail, { ...PUBLIC, cancelable: true });
  }
}

/** After a password reset succeeded; `result` says where the mail went and when a link expires. */
export class PasswordResetDoneEvent extends PorticoEvent<{ contactId: string; result: PasswordResetResult }> {
  static readonly eventName = 'password-reset-done';
  constructor(detail: { contactId: string; result: PasswordResetResult }) {
    super(PasswordResetDoneEvent.eventName, detail);
  }
}

/** After a password sign-in; `viewer.passwordChangeRequired` asks for a forced `<password-change>`. */
export class LoginSignedInEvent extends PorticoEvent<{ viewer: Viewer }> {
  static readonly eventName = 'login-signed-in';
  constructor(detail: { viewer: Viewer }) {
    super(LoginSignedInEvent.eventName, detail);
  }
}

/** After the session ended (the sign-out of a forced `<password-change>`). */
export class LoginSignedOutEvent extends PorticoEvent<Record<string, never>> {
  static readonly eventName = 'login-signed-out';
  constructor() {
    super(LoginSignedOutEvent.eventName, {});
  }
}

/** After the signed-in contact changed their own password; `viewer` no longer must change it. */
export class LoginPasswordChangedEvent extends PorticoEvent<{ viewer: Viewer }> {
  static readonly eventName = 'login-password-changed';
  constructor(detail: { viewer: Viewer }) {
    super(LoginPasswordChangedEvent.eventName, detail);
  }
}

/** Cancel was pressed in a `<password-change>` that is not forced. */
export class LoginPasswordChangeCancelEvent extends PorticoEvent<Record<string, never>> {
  static readonly eventName = 'login-password-change-cancel';
  constructor() {
    super(LoginPasswordChangeCancelEvent.eventName, {});
  }
}

/** After a password was chosen with a mailed link. */
export class LoginPasswordChosenEvent extends PorticoEvent<Record<string, never>> {
  static readonly eventName = 'login-password-chosen';
  constructor() {
    super(LoginPasswordChosenEvent.eventName, {});
  }
}

/** A link of the self-service elements asks the host to show a page: sign-in, or "forgot password" on it. */
export class LoginNavigateEvent extends PorticoEvent<{ to: 'sign-in' | 'forgot-password' }> {
  static readonly eventName = 'login-navigate';
  constructor(detail: { to: 'sign-in' | 'forgot-password' }) {
    super(LoginNavigateEvent.eventName, detail);
  }
}

/** Before a contact is deleted. Cancelable: `preventDefault()` stops the call. */
export class ContactDeleteEvent extends PorticoEvent<{ contact: Contact }> {
  static readonly eventName = 'contact-delete';
  constructor(detail: { contact: Contact }) {
    super(ContactDeleteEvent.eventName, detail, { ...PUBLIC, cancelable: true });
  }
}

/** Before an existing user account is linked to a contact. Cancelable. */
export class UserAssociateEvent extends PorticoEvent<{ contactId: string; userAccountId: string }> {
  static readonly eventName = 'user-associate';
  constructor(detail: { contactId: string; userAccountId: string }) {
    super(UserAssociateEvent.eventName, detail, { ...PUBLIC, cancelable: true });
  }
}

/** After a user account was linked to a contact; `contact` now has that user's login. */
export class UserAssociatedEvent extends PorticoEvent<{ contact: Contact; userAccountId: string }> {
  static readonly eventName = 'user-associated';
  constructor(detail: { contact: Contact; userAccountId: string }) {
    super(UserAssociatedEvent.eventName, detail);
  }
}

/** Before the roles of a contact are saved. Cancelable: `preventDefault()` stops the call. */
export class RolesSaveEvent extends PorticoEvent<{ contactId: string; roleIds: string[] }> {
  static readonly eventName = 'roles-save';
  constructor(detail: { contactId: string; roleIds: string[] }) {
    super(RolesSaveEvent.eventName, detail, { ...PUBLIC, cancelable: true });
  }
}

/** After the roles of a contact were saved; `contact` has them. */
export class RolesSavedEvent extends PorticoEvent<{ contact: Contact }> {
  static readonly eventName = 'roles-saved';
  constructor(detail: { contact: Contact }) {
    super(RolesSavedEvent.eventName, detail);
  }
}

/** Which page `<contact-manager>` shows. */
export type ManagerRoute =
  | { view: 'list' }
  | { view: 'new' }
  | { view: 'contact'; contactId: string }
  | { view: 'edit'; contactId: string };

/** `<contact-manager>` moved to another page (by a click, the hash, or back and forward). */
export class ContactRouteEvent extends PorticoEvent<{ route: ManagerRoute }> {
  static readonly eventName = 'contact-route';
  constructor(detail: { route: ManagerRoute }) {
    super(ContactRouteEvent.eventName, detail);
  }
}

export interface ContactExportDetail {
  format: ExportFormat;
  query: ListQueryInput;
  /** The selection being exported, or null for everything the query matches. */
  ids: string[] | null;
}
/** Before an export starts. Cancelable: `preventDefault()` stops it. */
export class ContactExportEvent extends PorticoEvent<ContactExportDetail> {
  static readonly eventName = 'contact-export';
  constructor(detail: ContactExportDetail) {
    super(ContactExportEvent.eventName, detail, { ...PUBLIC, cancelable: true });
  }
}

/** After an export's file was made and handed to the browser as a download. */
export class ContactExportedEvent extends PorticoEvent<{ format: ExportFormat; fileName: string; blob: Blob }> {
  static readonly eventName = 'contact-exported';
  constructor(detail: { format: ExportFormat; fileName: string; blob: Blob }) {
    super(ContactExportedEvent.eventName, detail);
  }
}

/** Before an import starts. Cancelable: `preventDefault()` stops it. */
export class ContactImportEvent extends PorticoEvent<{ rows: number; duplicates: 'skip' | 'update' }> {
  static readonly eventName = 'contact-import';
  constructor(detail: { rows: number; duplicates: 'skip' | 'update' }) {
    super(ContactImportEvent.eventName, detail, { ...PUBLIC, cancelable: true });
  }
}

export interface ContactImportProgressDetail {
  /** Characters of the file read so far. */
  loaded: number;
  /** Characters in the file. */
  total: number;
  /** Records (the header included) read so far. */
  records: number;
}
/** While a CSV file is being read, after each slice of it. */
export class ContactImportProgressEvent extends PorticoEvent<ContactImportProgressDetail> {
  static readonly eventName = 'contact-import-progress';
  constructor(detail: ContactImportProgressDetail) {
    super(ContactImportProgressEvent.eventName, detail);
  }
}

export interface ContactImportedDetail {
  created: number;
  updated: number;
  skipped: number;
  invalid: number;
  failed: number;
}
/** After an import ended (also when it was cancelled): how many rows had which result. */
export class ContactImportedEvent extends PorticoEvent<ContactImportedDetail> {
  static readonly eventName = 'contact-imported';
  constructor(detail: ContactImportedDetail) {
    super(ContactImportedEvent.eventName, detail);
  }
}

declare global {
  interface HTMLElementEventMap {
    'contact-import': ContactImportEvent;
    'contact-imported': ContactImportedEvent;
    'contact-import-progress': ContactImportProgressEvent;
    'contact-export': ContactExportEvent;
    'contact-exported': ContactExportedEvent;
    'contact-delete': ContactDeleteEvent;
    'user-associate': UserAssociateEvent;
    'user-associated': UserAssociatedEvent;
    'contact-route': ContactRouteEvent;
    'contact-save': ContactSaveEvent;
    'contact-saved': ContactSavedEvent;
    'contact-cancel': ContactCancelEvent;
    'contact-open': ContactOpenEvent;
    'contact-action': ContactActionEvent;
    'contact-bulk-action': ContactBulkActionEvent;
    'contact-deleted': ContactDeletedEvent;
    'login-changed': LoginChangedEvent;
    'password-reset': PasswordResetEvent;
    'password-reset-done': PasswordResetDoneEvent;
    'roles-save': RolesSaveEvent;
    'roles-saved': RolesSavedEvent;
    'login-signed-in': LoginSignedInEvent;
    'login-signed-out': LoginSignedOutEvent;
    'login-password-changed': LoginPasswordChangedEvent;
    'login-password-change-cancel': LoginPasswordChangeCancelEvent;
    'login-password-chosen': LoginPasswordChosenEvent;
    'login-navigate': LoginNavigateEvent;
  }
}
