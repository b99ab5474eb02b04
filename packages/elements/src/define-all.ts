// Side effect: registers every Portico element under its default tag name.
import { defineElements } from './define.js';

defineElements();

declare global {
  interface HTMLElementTagNameMap {
    'contacts-provider': import('./contacts-provider/contacts-provider.js').ContactsProvider;
    'contact-list': import('./contact-list/contact-list.js').ContactList;
    'contact-form': import('./contact-form/contact-form.js').ContactForm;
    'role-picker': import('./role-picker/role-picker.js').RolePicker;
    'login-toggle': import('./login-toggle/login-toggle.js').LoginToggle;
    'contact-view': import('./contact-view/contact-view.js').ContactView;
    'password-reset': import('./password-reset/password-reset.js').PasswordReset;
    'contact-delete': import('./contact-delete/contact-delete.js').ContactDelete;
    'user-associate': import('./user-associate/user-associate.js').UserAssociate;
    'contact-manager': import('./contact-manager/contact-manager.js').ContactManager;
    'contact-export': import('./contact-export/contact-export.js').ContactExport;
    'contact-import': import('./contact-import/contact-import.js').ContactImport;
    'sign-in-form': import('./sign-in-form/sign-in-form.js').SignInForm;
    'password-change': import('./password-change/password-change.js').PasswordChange;
    'password-choose': import('./password-choose/password-choose.js').PasswordChoose;
  }
}
