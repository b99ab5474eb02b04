import { ContextRoot } from '@lit/context';
import { ContactsProvider } from './contacts-provider/contacts-provider.js';
import { ContactList } from './contact-list/contact-list.js';
import { ContactForm } from './contact-form/contact-form.js';
import { RolePicker } from './role-picker/role-picker.js';
import { LoginToggle } from './login-toggle/login-toggle.js';
import { ContactView } from './contact-view/contact-view.js';
import { PasswordReset } from './password-reset/password-reset.js';
import { ContactDelete } from './contact-delete/contact-delete.js';
import { UserAssociate } from './user-associate/user-associate.js';
import { ContactManager } from './contact-manager/contact-manager.js';
import { ContactExport } from './contact-export/contact-export.js';
import { ContactImport } from './contact-import/contact-import.js';

/** The element classes by their tag name without prefix. */
export const ELEMENTS = {
  'contacts-provider': ContactsProvider,
  'contact-list': ContactList,
  'contact-form': ContactForm,
  'role-picker': RolePicker,
  'login-toggle': LoginToggle,
  'contact-view': ContactView,
  'password-reset': PasswordReset,
  'contact-delete': ContactDelete,
  'user-associate': UserAssociate,
  'contact-manager': ContactManager,
  'contact-export': ContactExport,
  'contact-import': ContactImport,
} as const;

export interface DefineOptions {
  /** Registers `<acme-contact-list>` etc. for `prefix: 'acme'` instead of `<contact-list>`. */
  prefix?: string;
  /** The registry to define in (default `customElements`), e.g. a scoped registry. */
  registry?: CustomElementRegistry;
}

let contextRootAttached = false;

/**
 * Registers the elements. A tag that is already defined is left alone with a warning, so two
 * bundles that both call this do not break the page. Each prefixed tag gets its own subclass,
 * because one class can be registered only once.
 */
export const defineElements = ({ prefix, registry = customElements }: DefineOptions = {}): void => {
  if (!contextRootAttached && typeof document !== 'undefined') {
    // Lets consumers that upgrade before their provider find it once the provider upgrades.
    new ContextRoot().attach(document.documentElement);
    contextRootAttached = true;
  }
  const normalized = prefix?.trim().toLowerCase().replace(/-+$/, '');
  for (const [name, element] of Object.entries(ELEMENTS)) {
    const tag = normalized ? `${normalized}-${name}` : name;
    if (registry.get(tag)) {
      console.warn(`[portico] <${tag}> is already defined; keeping the existing definition.`);
      continue;
    }
    const constructor = normalized || registry.getName?.(element) ? class extends (element as typeof ContactList) {} : element;
    try {
      registry.define(tag, constructor as CustomElementConstructor);
    } catch (error) {
      console.warn(`[portico] Could not define <${tag}>: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
};
