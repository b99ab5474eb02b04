import { LitElement, type PropertyDeclarations, type PropertyValues, type ReactiveController } from 'lit';
import { Task } from '@lit/task';
import { ContextConsumer } from '@lit/context';
import { ContactsError, type ContactsClient, type Viewer } from '@portico/core';
import { clientContext, storeContext, viewerContext } from '../context.js';
import { ContactChangedEvent, ViewerChangedEvent, storeFor, viewerFor, type ContactChange, type ContactStore } from '../store.js';
import type { PorticoStrings } from '../i18n/en.js';
import { addEnglish, loadedStringsFor, localeKeyFor, stringsFor, whenLocaleLoaded } from '../i18n/strings.js';
import { derivedDirection, directionOf, localeOf, unwatchLocale, watchLocale } from './locale.js';
import { problemMessage } from './problems.js';

const warned = new WeakMap<object, Set<string>>();

const clientSerials = new WeakMap<ContactsClient, number>();
let lastSerial = 0;
/** A number per client object, to tell clients apart in a key. */
const clientSerial = (client: ContactsClient): number => {
  let serial = clientSerials.get(client);
  if (serial === undefined) {
    serial = ++lastSerial;
    clientSerials.set(client, serial);
  }
  return serial;
};

/** A console warning, once per element and message: a host's mistake never throws. */
export const devWarn = (element: object, message: string): void => {
  const seen = warned.get(element) ?? new Set<string>();
  if (seen.has(message)) return;
  seen.add(message);
  warned.set(element, seen);
  console.warn(`[portico] ${message}`);
};

/** A message a person can read, from whatever a client rejected with. */
export const messageOf = (error: unknown, fallback: string): string =>
  error instanceof ContactsError || error instanceof Error ? error.message || fallback : fallback;

export const isAbort = (error: unknown): boolean =>
  (error instanceof ContactsError && error.code === 'aborted') || (error instanceof DOMException && error.name === 'AbortError');

/** An element a composite renders: its class, or a function that imports it (loaded on demand). */
export type Dependency = typeof PorticoElement | (() => Promise<typeof PorticoElement>);

/** Whether a dependency is the class itself rather than a function that loads it. */
export const isElementClass = (dependency: Dependency): dependency is typeof PorticoElement => dependency.prototype instanceof HTMLElement;

/** How a registered composite reaches its dependencies: whether one is defined yet, and loading one. */
export interface DependencyLinks {
  isDefined(name: string): boolean;
  /** Resolves when the dependency's tag is defined; imports it first when it is loaded on demand (once). */
  load(name: string): Promise<void>;
}

const links = new WeakMap<object, DependencyLinks>();

/** Called by `defineElements()` for the class it registered, which then loads its dependencies in that registry. */
export const linkDependencies = (element: CustomElementConstructor, dependencyLinks: DependencyLinks): void => {
  links.set(element, dependencyLinks);
};

/** For a class registered with `customElements.define()` itself: its dependencies by their own names, globally. */
const directLinks = (element: typeof PorticoElement): DependencyLinks => {
  const loading = new Map<string, Promise<void>>();
  return {
    isDefined: (name) => customElements.get(name) !== undefined,
    load: (name) => {
      const dependency = element.dependencies[name];
      let promise = loading.get(name);
      if (!promise) {
        promise =
          customElements.get(name) || !dependency || isElementClass(dependency)
            ? customElements.whenDefined(name).then(() => undefined)
            : dependency().then((loaded) => {
                if (!customElements.get(name)) customElements.define(name, loaded);
              });
        loading.set(name, promise);
        promise.catch(() => loading.delete(name));
      }
      return promise;
    },
  };
};

/**
 * The thin base of every Portico element: the client (the `client` property, else the
 * nearest provider), the viewer, the shared store, strings and locale.
 *
 * The locale and the writing direction follow the nearest `lang` / `dir` attribute and change
 * at runtime. Every element renders into an inner wrapper (`display: contents`) that carries
 * the resolved `dir`, so `lang="ar"` alone lays an element out right to left.
 */
export class PorticoElement extends LitElement {
  static override properties: PropertyDeclarations = {
    client: { attribute: false },
    i18n: { attribute: false },
    viewer: { attribute: false },
    contextClient: { state: true },
    contextViewer: { state: true },
    loadedViewer: { state: true },
    theme: { reflect: true },
    density: { reflect: true },
    resolvedLocale: { state: true },
    textDirection: { state: true },
  };

  /**
   * The parts of English (`i18n/en-<element>.ts`) an element shows besides the shared strings:
   * its own, not those of its `dependencies`, which are gathered from them. They join the English
   * in use when its class is finalized (`customElements.define`), so a page carries the English
   * of the elements it defines and the module has no side effect of its own (docs/i18n.md).
   */
  protected static englishParts: readonly Partial<PorticoStrings>[] = [];

  /**
   * The elements this one renders in its shadow root, by their tag without prefix (like Web
   * Awesome's `static dependencies`). `defineElements()` registers them with this element, under
   * the same prefix and in the same registry, and this element renders them by the tags they got
   * there. Their English joins the English in use with this element's own. A dependency given as
   * a function that imports its class is loaded on demand (registered when it has arrived), so a
   * bundler can split it off; its English comes with it.
   */
  static dependencies: Readonly<Record<string, Dependency>> = {};

  /**
   * The tags the dependencies were registered under, on the subclass `defineElements()` registers
   * for a prefix or a registry. A dependency not listed is rendered by its own name.
   */
  protected static dependencyTags: Readonly<Record<string, string>> = {};

  protected static override finalize(): void {
    super.finalize();
    addEnglish(...this.englishOfGraph(new Set()));
  }

  /** The English parts of this element and of every element it renders, directly or through them. */
  private static englishOfGraph(seen: Set<typeof PorticoElement>): readonly Partial<PorticoStrings>[] {
    if (seen.has(this)) return [];
    seen.add(this);
    return [
      ...this.englishParts,
      ...Object.values(this.dependencies).flatMap((dependency) => (isElementClass(dependency) ? dependency.englishOfGraph(seen) : [])),
    ];
  }

  /** The client to talk to. Takes precedence over one provided by `<contacts-provider>`. */
  declare client: ContactsClient | undefined;
  /** Overrides of single strings, whatever the locale. */
  declare i18n: Partial<PorticoStrings>;
  /**
   * `light` or `dark` fixes the colour scheme; without it the element follows
   * `--portico-color-scheme`, else the page's `color-scheme` (see docs/theming.md).
   */
  declare theme: 'light' | 'dark' | undefined;
  /** `compact` for smaller controls and gaps; without it the normal density. */
  declare density: 'compact' | undefined;
  /** The signed-in person. Normally loaded with `client.me()` or provided; set it to skip that call. */
  declare viewer: Viewer | undefined;

  protected declare contextClient: ContactsClient | undefined;
  protected declare contextViewer: Viewer | undefined;
  protected declare loadedViewer: Viewer | undefined;
  /** The nearest `lang`, kept current while connected. */
  protected declare resolvedLocale: string | undefined;
  /** `rtl` or `ltr` from the nearest `dir` or `lang`, kept current while connected (internal state, no attribute). */
  protected declare textDirection: 'ltr' | 'rtl';

  private wrapper: HTMLElement | undefined;
  private strings: { base: PorticoStrings; i18n: Partial<PorticoStrings>; merged: PorticoStrings } | undefined;
  /** The locale being loaded for this element, if any. */
  private pendingLocale: string | undefined;
  /** The last locale that failed to load for this element: English instead, no retry loop. */
  private failedLocale: string | undefined;

  private contextStore: ContactStore | undefined;
  private subscribedStore: ContactStore | undefined;
  private viewerClient: ContactsClient | undefined;
  /** Who the element last worked for: client and viewer (see `viewerChanged`). */
  private viewerSeen: string | undefined;
  /** Whether the last `viewerChanged` kept the client (only the person behind it changed). */
  private sameClient = false;
  /** Whether a viewer was ever known: the first one to arrive is no change. */
  private viewerKnown = false;
  /** The element's tasks, run again for a new viewer. */
  private readonly tasks: Task[] = [];

  constructor() {
    super();
    this.client = undefined;
    this.i18n = {};
    this.viewer = undefined;
    this.theme = undefined;
    this.density = undefined;
    this.contextClient = undefined;
    this.contextViewer = undefined;
    this.loadedViewer = undefined;
    this.resolvedLocale = undefined;
    this.textDirection = 'ltr';
    new ContextConsumer(this, { context: clientContext, subscribe: true, callback: (client) => (this.contextClient = client) });
    new ContextConsumer(this, { context: viewerContext, subscribe: true, callback: (viewer) => (this.contextViewer = viewer) });
    new ContextConsumer(this, {
      context: storeContext,
      subscribe: true,
      callback: (store) => {
        this.contextStore = store;
        this.subscribeStore();
      },
    });
  }

  /** The client in use: the property, else the provided one. */
  get activeClient(): ContactsClient | undefined {
    return this.client ?? this.contextClient;
  }

  /** The viewer in use, once known. */
  get activeViewer(): Viewer | undefined {
    return this.viewer ?? this.contextViewer ?? (this.viewerClient === this.activeClient ? this.loadedViewer : undefined);
  }

  /**
   * The tag a dependency (`contact-list`) was registered under with this element
   * (`acme-contact-list`); `staticTag()` of `base/static-tag.ts` makes it a tag for a template.
   */
  protected tagOf(name: string): string {
    return (this.constructor as typeof PorticoElement).dependencyTags[name] ?? name;
  }

  /** Whether a dependency's tag is defined (one loaded on demand may not have arrived yet). */
  protected isDependencyDefined(name: string): boolean {
    return this.dependencyLinks.isDefined(name);
  }

  /**
   * Loads a dependency given as a function that imports it (once per page and registry) and
   * resolves when its tag is defined, so its element has upgraded where this one renders it.
   */
  protected loadDependency(name: string): Promise<void> {
    return this.dependencyLinks.load(name);
  }

  private get dependencyLinks(): DependencyLinks {
    const element = this.constructor as typeof PorticoElement;
    let found = links.get(element);
    if (!found) {
      found = directLinks(element);
      links.set(element, found);
    }
    return found;
  }

  /** What went wrong, for the user: see `problemMessage` (the server's text or a local one). */
  protected problemText(error: unknown, fallback: string = this.t.unexpectedError): string {
    return problemMessage(error, this.t, this.locale, fallback);
  }

  /**
   * The strings of the locale (`de-CH` falls back to `de`, unknown ones to `en`) with the host's
   * overrides. A locale other than English is loaded the first time it is needed; until it
   * arrives the element keeps the text it had (English at first) and renders again after.
   */
  get t(): PorticoStrings {
    const base = loadedStringsFor(this.locale) ?? this.loadLocale();
    if (this.strings?.base !== base || this.strings.i18n !== this.i18n) {
      this.strings = { base, i18n: this.i18n, merged: { ...base, ...this.i18n } };
    }
    return this.strings.merged;
  }

  /**
   * Starts loading the locale in effect (once per element and locale); the strings to show
   * meanwhile. A locale that failed to load shows English in this element, without a new attempt.
   */
  private loadLocale(): PorticoStrings {
    const key = localeKeyFor(this.locale);
    if (key === this.failedLocale) return stringsFor('en');
    if (this.pendingLocale !== key) {
      this.pendingLocale = key;
      void whenLocaleLoaded(key).then(() => {
        if (this.pendingLocale !== key) return;
        this.pendingLocale = undefined;
        if (!loadedStringsFor(key)) this.failedLocale = key;
        this.requestUpdate();
      });
    }
    return this.strings?.base ?? stringsFor('en');
  }

  /** The full tag of the nearest `lang` (`de-CH`), for `Intl` formatting. */
  get locale(): string {
    return this.resolvedLocale ?? localeOf(this);
  }

  /** The shadow root holds a single wrapper that carries `dir`; Lit renders into it. */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    const registry = (root as ShadowRoot & { customElementRegistry?: CustomElementRegistry | null }).customElementRegistry;
    if (registry && registry !== customElements) {
      // A scoped registry (defineElements' `registry`): what Lit clones from a template upgrades from it too.
      this.renderOptions.creationScope = {
        importNode: (node: Node, deep?: boolean) => document.importNode(node, { selfOnly: !deep, customElementRegistry: registry } as unknown as boolean),
      };
    }
    const wrapper = document.createElement('div');
    wrapper.className = 'portico-root';
    wrapper.style.display = 'contents';
    derivedDirection.add(wrapper);
    root.append(wrapper);
    this.wrapper = wrapper;
    this.applyLocale();
    return wrapper;
  }

  private readonly applyLocale = (): void => {
    if (!this.isConnected) return;
    this.resolvedLocale = localeOf(this);
    if (!loadedStringsFor(this.resolvedLocale)) this.loadLocale();
    this.textDirection = directionOf(this);
    if (this.wrapper && this.wrapper.getAttribute('dir') !== this.textDirection) this.wrapper.setAttribute('dir', this.textDirection);
  };

  protected get store(): ContactStore | undefined {
    const client = this.activeClient;
    return this.contextStore ?? (client ? storeFor(client) : undefined);
  }

  /** @internal Lit's, unchanged for hosts: it also notes the element's tasks for `viewerChanged`. */
  override addController(controller: ReactiveController): void {
    super.addController(controller);
    if (controller instanceof Task) this.tasks.push(controller as Task);
  }

  /**
   * Called when the element works for somebody else than before: another client, a viewer signed
   * in as someone else, or signed out. The default runs every task of the element again (what it
   * shows is loaded for the new viewer); an element that keeps more state (a selection, the page it
   * was on, a message) clears it here and calls `super.viewerChanged()`.
   */
  protected viewerChanged(): void {
    // A new client already runs every task again (each lists the client in its arguments).
    if (this.sameClient) for (const task of this.tasks) void task.run();
  }

  /** Calls `viewerChanged` when the client or the viewer's identity moved (not for the first viewer). */
  private checkViewer(): void {
    const client = this.activeClient;
    const viewer = this.activeViewer;
    const clientKey = `${client ? clientSerial(client) : 0}:`;
    const key = `${clientKey}${viewer ? `${viewer.tenantId}/${viewer.contactId}` : ''}`;
    if (key === this.viewerSeen) return;
    this.sameClient = this.viewerSeen?.startsWith(clientKey) ?? false;
    const first = this.viewerSeen === undefined || !this.viewerKnown;
    this.viewerSeen = key;
    if (viewer) this.viewerKnown = true;
    if (!first) this.viewerChanged();
  }

  /** Tells the other elements that a contact changed. */
  protected notifyChange(change: Omit<ContactChange, 'source'>): void {
    this.store?.notify({ ...change, source: this });
  }

  /** Called when another element changed a contact. */
  protected contactChanged(_change: ContactChange): void {}

  private readonly onStoreChange = (event: Event) => {
    const change = (event as ContactChangedEvent).change;
    if (change.source !== this) this.contactChanged(change);
  };

  /** `refreshViewer(client)`: an element that loaded the viewer itself takes the new one. */
  private readonly onViewerChange = (event: Event) => {
    if (this.viewerClient === this.activeClient) this.loadedViewer = (event as ViewerChangedEvent).viewer;
  };

  private subscribeStore(): void {
    const store = this.isConnected ? this.store : undefined;
    if (store === this.subscribedStore) return;
    this.subscribedStore?.removeEventListener(ContactChangedEvent.eventName, this.onStoreChange);
    this.subscribedStore?.removeEventListener(ViewerChangedEvent.eventName, this.onViewerChange);
    store?.addEventListener(ContactChangedEvent.eventName, this.onStoreChange);
    store?.addEventListener(ViewerChangedEvent.eventName, this.onViewerChange);
    this.subscribedStore = store;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.subscribeStore();
    watchLocale(this, this.applyLocale);
    this.applyLocale();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.subscribeStore();
    unwatchLocale(this);
    this.resolvedLocale = undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('client') || changed.has('contextClient')) this.subscribeStore();
    const client = this.activeClient;
    if (client && !this.viewer && !this.contextViewer && this.viewerClient !== client) {
      this.viewerClient = client;
      this.loadedViewer = undefined;
      viewerFor(client).then(
        (viewer) => {
          if (this.viewerClient === client) this.loadedViewer = viewer;
        },
        (error: unknown) => {
          if (this.viewerClient === client) this.viewerClient = undefined;
          devWarn(this, `Could not load the viewer: ${messageOf(error, 'unknown error')}`);
        },
      );
    }
    this.checkViewer();
  }
}
