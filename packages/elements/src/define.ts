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
import { SignInForm } from './sign-in-form/sign-in-form.js';
import { PasswordChange } from './password-change/password-change.js';
import { PasswordChoose } from './password-choose/password-choose.js';
import { linkDependencies, type PorticoElement } from './base/portico-element.js';

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
  'sign-in-form': SignInForm,
  'password-change': PasswordChange,
  'password-choose': PasswordChoose,
} as const;

/** An element class `defineElements()` registers, with the elements it renders (`PorticoElement.dependencies`). */
type ElementClass = CustomElementConstructor & {
  dependencies?: Readonly<Record<string, ElementClass | ElementLoader>>;
  shadowRootOptions?: ShadowRootInit;
};

/** A function that imports an element class, so a bundler puts the element in a chunk of its own. */
export type ElementLoader = () => Promise<ElementClass>;

const isClass = (dependency: ElementClass | ElementLoader): dependency is ElementClass => dependency.prototype instanceof HTMLElement;

export interface DefineOptions {
  /** Registers `<acme-contact-list>` etc. for `prefix: 'acme'` instead of `<contact-list>`. */
  prefix?: string;
  /**
   * The registry to define in (default `customElements`), e.g. a scoped registry. The composites
   * defined there attach their shadow roots to it, so the elements they render upgrade from it too
   * (where the browser has scoped registries; see docs/elements.md).
   */
  registry?: CustomElementRegistry;
  /**
   * The elements to register, by their tag without prefix (default: all of `ELEMENTS`). Each one
   * brings the elements it renders (`dependencies`), so `{ 'contact-manager': ContactManager }`
   * registers the whole manager. An element given here takes the place of a dependency of the same
   * name, e.g. a subclass of `ContactList` that the manager then renders. An element given as a
   * function that imports it (`() => import('…/contact-form.js').then((m) => m.ContactForm)`) is
   * loaded right away and registered when it has arrived, so it is not in the bundle up front.
   */
  elements?: Readonly<Record<string, ElementClass | ElementLoader>>;
}

let contextRootAttached = false;

/** Whether this browser gives a shadow root its own registry (scoped custom element registries). */
const scopedRegistries = (): boolean => typeof ShadowRoot !== 'undefined' && 'customElementRegistry' in ShadowRoot.prototype;

/**
 * Registers the elements and every element they render. A tag that is already defined is left
 * alone with a warning, so two bundles that both call this do not break the page. Each element is
 * registered as its own subclass when it needs one (a prefix, a registry, or a class that is
 * already registered, since one class can be registered only once); that subclass renders its
 * dependencies by the tags they get in this same call.
 */
export const defineElements = ({ prefix, registry = customElements, elements = ELEMENTS }: DefineOptions = {}): void => {
  if (!contextRootAttached && typeof document !== 'undefined') {
    // Lets consumers that upgrade before their provider find it once the provider upgrades.
    new ContextRoot().attach(document.documentElement);
    contextRootAttached = true;
  }
  const normalized = prefix?.trim().toLowerCase().replace(/-+$/, '');
  const tagOf = (name: string): string => (normalized ? `${normalized}-${name}` : name);
  const scoped = registry !== customElements && scopedRegistries();
  // The given elements first, then what they render: the first class for a name wins.
  const queue: [string, ElementClass | ElementLoader][] = Object.entries(elements);
  const given = queue.length;
  const seen = new Set<string>();
  // Elements given as loaders: a composite imports one when it first renders it, or when idle.
  const loaders = new Map<string, ElementLoader>();
  const loading = new Map<string, Promise<void>>();
  const load = (name: string): Promise<void> => {
    const tag = tagOf(name);
    let promise = loading.get(name);
    if (!promise) {
      const loader = loaders.get(name);
      promise =
        registry.get(tag) || !loader
          ? registry.whenDefined(tag).then(() => undefined)
          : loader().then((element) => {
              if (!registry.get(tag)) defineElements({ prefix, registry, elements: { [name]: element } });
            });
      loading.set(name, promise);
      // A chunk that failed to arrive (offline) is asked for again the next time.
      promise.catch(() => loading.delete(name));
    }
    return promise;
  };
  const dependencyLinks = { isDefined: (name: string) => registry.get(tagOf(name)) !== undefined, load };
  const define = (name: string, element: ElementClass): void => {
    const tag = tagOf(name);
    if (registry.get(tag)) {
      console.warn(`[portico] <${tag}> is already defined; keeping the existing definition.`);
      return;
    }
    const dependencies = Object.keys(element.dependencies ?? {});
    const tags = Object.fromEntries(dependencies.map((dependency) => [dependency, tagOf(dependency)]));
    const subclass = normalized || registry !== customElements || registry.getName?.(element);
    const registered = subclass ? registeredSubclass(element, tags, scoped ? registry : undefined) : element;
    try {
      registry.define(tag, registered);
      if (dependencies.length > 0) linkDependencies(registered, dependencyLinks);
    } catch (error) {
      console.warn(`[portico] Could not define <${tag}>: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  for (const [index, [name, dependency]] of queue.entries()) {
    if (seen.has(name)) continue;
    seen.add(name);
    if (isClass(dependency)) {
      queue.push(...Object.entries(dependency.dependencies ?? {}));
      define(name, dependency);
    } else {
      // Its tag is known now, so a composite renders it, and it upgrades on arrival.
      loaders.set(name, dependency);
      if (index < given) {
        load(name).catch((error: unknown) =>
          console.warn(`[portico] Could not load <${tagOf(name)}>: ${error instanceof Error ? error.message : String(error)}`),
        );
      }
    }
  }
};

/** A subclass that renders its dependencies by `tags` and, given a scoped `registry`, attaches its shadow root to it. */
const registeredSubclass = (element: ElementClass, tags: Record<string, string>, registry: CustomElementRegistry | undefined): CustomElementConstructor =>
  class extends (element as typeof PorticoElement) {
    protected static override dependencyTags = tags;
    static override shadowRootOptions: ShadowRootInit = registry
      ? { ...(element as typeof PorticoElement).shadowRootOptions, customElementRegistry: registry }
      : (element as typeof PorticoElement).shadowRootOptions;
  };
