import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { PorticoStrings } from '../i18n/en.js';
import { whenIdle } from './manager-routes.js';
import { ContactList } from '../contact-list/contact-list.js';

/**
 * The elements the manager renders, registered with it by `defineElements()` under the same
 * prefix. Only the list is on the first screen; the others (the contact's page, the form, the
 * dialogs) are loaded on demand, and fetched when the browser is idle after the first page.
 */
export const MANAGER_DEPENDENCIES = {
  'contact-list': ContactList,
  'contact-view': () => import('../contact-view/contact-view.js').then((module) => module.ContactView),
  'contact-form': () => import('../contact-form/contact-form.js').then((module) => module.ContactForm),
  'contact-delete': () => import('../contact-delete/contact-delete.js').then((module) => module.ContactDelete),
  'role-picker': () => import('../role-picker/role-picker.js').then((module) => module.RolePicker),
  'password-reset': () => import('../password-reset/password-reset.js').then((module) => module.PasswordReset),
  'user-associate': () => import('../user-associate/user-associate.js').then((module) => module.UserAssociate),
  'contact-import': () => import('../contact-import/contact-import.js').then((module) => module.ContactImport),
};


export interface LoaderLinks {
  /** Every dependency of the manager. */
  names(): string[];
  isDefined(name: string): boolean;
  load(name: string): Promise<void>;
  /** Whether the manager has a client, so its first page is there and prefetching may start. */
  started(): boolean;
  /** A chunk failed: the manager says so (and warns in dev mode). */
  failed(name: string, error: unknown): void;
  /** Prefetching failed: only a dev-mode warning, each page or dialog asks again when it opens. */
  prefetchFailed(error: unknown): void;
}

/**
 * The manager's elements on demand: only the list is on the first screen; the others (the
 * contact's page, the form, the dialogs) are fetched when the browser is idle after the first
 * page, and a page or dialog opened before they arrived shows that it loads and renders again then.
 */
export class ManagerLoader implements ReactiveController {
  /** Resolves when every element the manager renders is defined. */
  readonly loaded: Promise<void>;
  private resolve: () => void = () => undefined;
  private prefetchStarted = false;
  /** The dependencies asked for since the page or dialog was opened. */
  private readonly requested = new Set<string>();

  constructor(
    private readonly host: ReactiveControllerHost & { readonly t: PorticoStrings },
    private readonly links: LoaderLinks,
  ) {
    this.loaded = new Promise((resolve) => (this.resolve = resolve));
    host.addController(this);
  }

  hostUpdated(): void {
    if (this.prefetchStarted || !this.links.started()) return;
    this.prefetchStarted = true;
    whenIdle(() => void this.prefetch());
  }

  /** A page or dialog was opened: chunks that failed are asked for again. */
  opened(): void {
    this.requested.clear();
  }

  /** Loads what the manager renders after a click, so the click does not wait for it. */
  private async prefetch(): Promise<void> {
    try {
      await Promise.all(this.links.names().map((name) => this.links.load(name)));
      this.resolve();
    } catch (error) {
      this.links.prefetchFailed(error);
    }
  }

  /** Whether these dependencies are defined; if not, loads them and renders again when they have arrived. */
  ready(...names: string[]): boolean {
    const missing = names.filter((name) => !this.links.isDefined(name));
    for (const name of missing.filter((name) => !this.requested.has(name))) {
      // Once per page or dialog opened: a chunk that failed is asked for again on the next one.
      this.requested.add(name);
      this.links.load(name).then(
        () => this.host.requestUpdate(),
        (error: unknown) => this.links.failed(name, error),
      );
    }
    return missing.length === 0;
  }

  /** What a page or dialog shows while its element loads. */
  loadingState(): TemplateResult {
    return html`<p class="loading" role="status" aria-busy="true">${this.host.t.loading}</p>`;
  }
}
