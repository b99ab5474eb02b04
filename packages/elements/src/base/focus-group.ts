import type { ReactiveControllerHost } from 'lit';

export interface FocusGroupOptions {
  /**
   * The members in order, when DOM focus moves among them (a roving tabindex: the host renders
   * `tabindex="0"` on the member at `active`, `-1` on the others; or menu items, all `-1`).
   */
  elements?: () => HTMLElement[];
  /**
   * How many members there are, when focus stays on their container and only `active` moves
   * (`aria-activedescendant`, as a listbox does). Defaults to the number of `elements`.
   */
  count?: () => number;
  /** Whether the arrow keys go round from the last member to the first (menus) or stop (lists). */
  wrap?: boolean;
  /** Whether a printable key moves to the next member whose text starts with it (menus). */
  typeahead?: boolean;
  /** After `active` moved by key (e.g. to scroll the active option into view). */
  onMove?: (index: number) => void;
}

/**
 * One group of members that the arrow keys move between (ArrowUp / ArrowDown, Home, End, and
 * type-ahead where asked for), the keyboard model of WAI-ARIA's grid rows, menus and listboxes.
 * The group keeps which member is active; the host renders it (tabindex or
 * `aria-activedescendant`) and passes its keydown events to `handleKey`.
 */
export class FocusGroup {
  private index = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: FocusGroupOptions = {},
  ) {}

  /** The active member's index. */
  get active(): number {
    return this.index;
  }

  set active(index: number) {
    if (index === this.index) return;
    this.index = index;
    this.host.requestUpdate();
  }

  private get count(): number {
    return this.options.count?.() ?? this.options.elements?.().length ?? 0;
  }

  /** The member at `index` becomes active and, with `elements`, gets the focus. */
  focus(index: number): void {
    this.active = index;
    this.options.elements?.()[index]?.focus();
  }

  /**
   * Moves for a navigation key and returns true (the event's default is then prevented); false
   * for any other key. `from` is where the move starts: by default the focused member (with
   * `elements`) or the active one.
   */
  handleKey(event: KeyboardEvent, from?: number): boolean {
    const count = this.count;
    if (count === 0) return false;
    const elements = this.options.elements?.();
    const focused = elements?.findIndex((element) => element.matches(':focus')) ?? -1;
    const current = Math.min(from ?? (focused >= 0 ? focused : this.index), count - 1);
    const wrap = this.options.wrap ?? false;
    let next: number | undefined;
    switch (event.key) {
      case 'ArrowDown':
        next = current + 1 < count ? current + 1 : wrap ? 0 : current;
        break;
      case 'ArrowUp':
        next = current > 0 ? current - 1 : wrap ? count - 1 : current;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = count - 1;
        break;
      default:
        next = this.options.typeahead && !(event.altKey || event.ctrlKey || event.metaKey) ? this.match(event.key, current, elements ?? []) : undefined;
    }
    if (next === undefined) return false;
    event.preventDefault();
    this.focus(next);
    this.options.onMove?.(next);
    return true;
  }

  /** Type-ahead: the next member after `current` whose text starts with the typed letter. */
  private match(key: string, current: number, elements: HTMLElement[]): number | undefined {
    if (key.length !== 1 || !/\S/.test(key)) return undefined;
    const letter = key.toLocaleLowerCase();
    const order = [...elements.keys()].map((offset) => (current + 1 + offset) % elements.length);
    // A letter no member starts with is still the menu's key: nothing else should act on it.
    return order.find((index) => elements[index]!.textContent?.trim().toLocaleLowerCase().startsWith(letter)) ?? current;
  }
}
