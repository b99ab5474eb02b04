import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Action, Contact } from '@portico/core';
import { FocusGroup } from '../base/focus-group.js';

interface OpenMenu {
  contactId: string;
  trigger: HTMLElement;
  /** Where the trigger was when the menu opened (see `onLayout`). */
  at: string;
}

/** Floating UI, loaded the first time a menu opens (ADR 0007: not in the first load). */
let positioning: Promise<typeof import('./row-menu-position.js')> | undefined;
const loadPositioning = () => (positioning ??= import('./row-menu-position.js'));

const placeOf = (element: Element): string => {
  const { left, top } = element.getBoundingClientRect();
  return `${Math.round(left)},${Math.round(top)}`;
};

/**
 * The action menu of a row: a `popover` (top layer, so no ancestor's overflow or stacking clips
 * it; the browser's light dismiss closes it on a click outside), placed by Floating UI (loaded on
 * the first open; the menu stays invisible until it is placed) below its button, or above it when there is more room there, scrolling inside itself when neither side
 * has room. WAI-ARIA's menu button keys: ArrowDown / ArrowUp on the button open it at the first /
 * last item; in it the arrows go round, Home / End, a letter jumps to an item; Escape closes it and
 * focus returns to the button; Tab closes it and goes on.
 */
export class RowMenu implements ReactiveController {
  private open: OpenMenu | null = null;
  private stopFollowing: (() => void) | undefined;
  private readonly items: FocusGroup;

  constructor(
    private readonly host: ReactiveControllerHost & { readonly renderRoot: ParentNode },
    /** A menu item was chosen; the menu is still open (the host closes it, returning focus or not). */
    private readonly onChoose: (action: Action, contact: Contact) => void,
  ) {
    host.addController(this);
    this.items = new FocusGroup(host, { elements: () => this.menuItems, wrap: true, typeahead: true });
  }

  /** The contact whose menu is open, if any. */
  get contactId(): string | null {
    return this.open?.contactId ?? null;
  }

  hostDisconnected(): void {
    this.close(false);
  }

  private get element(): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>('#row-menu');
  }

  private get menuItems(): HTMLElement[] {
    return [...(this.element?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  }

  /** Opens the menu of `contact` under `trigger`, with the focus on its first or last item. */
  async show(contact: Contact, trigger: HTMLElement, focus: 'first' | 'last'): Promise<void> {
    this.stopFollowing?.();
    const opened: OpenMenu = { contactId: contact.id, trigger, at: placeOf(trigger) };
    this.open = opened;
    // From the first moment: a scroll anywhere on the page or a resize while the menu renders counts too.
    document.addEventListener('scroll', this.onLayout, { capture: true, passive: true });
    window.addEventListener('resize', this.onLayout);
    this.stopFollowing = () => {
      document.removeEventListener('scroll', this.onLayout, { capture: true });
      window.removeEventListener('resize', this.onLayout);
    };
    // Fetched while the menu renders.
    void loadPositioning().catch(() => undefined);
    this.host.requestUpdate();
    await this.host.updateComplete;
    const menu = this.element;
    // Closed, or opened again, while it rendered.
    if (!menu || this.open !== opened) return;
    if (!menu.matches(':popover-open')) menu.showPopover();
    await this.place();
    if (this.open === opened) this.items.focus(focus === 'first' ? 0 : this.menuItems.length - 1);
  }

  close(returnFocus: boolean): void {
    const open = this.open;
    if (!open) return;
    this.open = null;
    this.stopFollowing?.();
    this.stopFollowing = undefined;
    this.host.requestUpdate();
    if (returnFocus) open.trigger.focus();
  }

  /**
   * When its button moved (the page scrolled, the window changed size) the menu closes, as a
   * native menu does, rather than float beside a row the user no longer looks at. A scroll or
   * resize event that moved nothing (a background tab gets them late) leaves it where it is.
   */
  private readonly onLayout = (): void => {
    const open = this.open;
    if (!open) return;
    if (placeOf(open.trigger) !== open.at) this.close(false);
    else void this.place();
  };

  private async place(): Promise<void> {
    const menu = this.element;
    const trigger = this.open?.trigger;
    if (!menu || !trigger) return;
    try {
      const { placeMenu } = await loadPositioning();
      await placeMenu(trigger, menu);
    } catch (error) {
      // The chunk did not load (offline, a deploy removed it): the menu still shows, where the
      // browser puts it, and the next open tries again.
      positioning = undefined;
      console.warn('portico: the row menu could not be positioned', error);
    }
    menu.dataset['placed'] = '';
  }

  /** The ⋯ button of a row; `label` names it ("Actions for Erin Walsh"). */
  renderButton(contact: Contact, label: string, disabled: boolean): TemplateResult {
    const open = this.open?.contactId === contact.id;
    return html`<button
      type="button"
      part="menu-button"
      id=${`actions-${contact.id}`}
      aria-haspopup="menu"
      aria-expanded=${open ? 'true' : 'false'}
      aria-controls=${open ? 'row-menu' : nothing}
      aria-label=${label}
      ?disabled=${disabled}
      @click=${(event: MouseEvent) =>
        this.open?.contactId === contact.id ? this.close(true) : void this.show(contact, event.currentTarget as HTMLElement, 'first')}
      @keydown=${(event: KeyboardEvent) => {
        if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
        event.preventDefault();
        void this.show(contact, event.currentTarget as HTMLElement, event.key === 'ArrowDown' ? 'first' : 'last');
      }}
    >⋯</button>`;
  }

  /** The open menu of `contact` (nothing when closed), with `actions` named by `labelOf`. */
  render(contact: Contact | undefined, actions: readonly Action[], labelOf: (action: Action) => string): TemplateResult | typeof nothing {
    if (!this.open || !contact || contact.id !== this.open.contactId) return nothing;
    return html`<div
      id="row-menu"
      popover="auto"
      role="menu"
      part="menu"
      aria-labelledby=${`actions-${contact.id}`}
      @keydown=${this.onKeydown}
      @focusout=${this.onFocusout}
      @toggle=${this.onToggle}
    >
      ${actions.map(
        (action) =>
          html`<button
            type="button"
            role="menuitem"
            tabindex="-1"
            data-action=${action}
            ?data-danger=${action === 'contact.delete'}
            @click=${() => this.onChoose(action, contact)}
          >
            ${labelOf(action)}
          </button>`,
      )}
    </div>`;
  }

  private readonly onKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Tab') {
      this.close(false);
      return;
    }
    if (event.key === 'Escape') {
      event.preventDefault();
      this.close(true);
    } else if (!this.items.handleKey(event)) return;
    event.stopPropagation();
  };

  private readonly onFocusout = (event: FocusEvent): void => {
    const next = event.relatedTarget as Node | null;
    if (next && !(event.currentTarget as HTMLElement).contains(next) && next !== this.open?.trigger) this.close(false);
  };

  /** The browser closed the popover (light dismiss: a click outside it). */
  private readonly onToggle = (event: Event): void => {
    // A menu that opened again for another row before this late event arrived stays open.
    if ((event as ToggleEvent).newState === 'closed' && !(event.currentTarget as HTMLElement).matches(':popover-open')) this.close(false);
  };
}
