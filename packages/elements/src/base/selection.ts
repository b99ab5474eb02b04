import type { ReactiveControllerHost } from 'lit';

/**
 * The items a user ticked, across pages, in the order they were ticked. Each change makes a new
 * map (so a host's `guard()` and property checks see it) and asks the host to render.
 */
export class Selection<T extends { readonly id: string }> {
  private chosen = new Map<string, T>();

  constructor(
    private readonly host: ReactiveControllerHost,
    /** After the user ticked or unticked items (`set`), e.g. to drop a report about the old selection. */
    private readonly onChange: () => void = () => {},
  ) {}

  /** The selected items by id; replacing it replaces the selection. */
  get items(): ReadonlyMap<string, T> {
    return this.chosen;
  }

  set items(items: ReadonlyMap<string, T>) {
    this.chosen = new Map(items);
    this.host.requestUpdate();
  }

  get size(): number {
    return this.chosen.size;
  }

  get ids(): string[] {
    return [...this.chosen.keys()];
  }

  get values(): T[] {
    return [...this.chosen.values()];
  }

  has(id: string): boolean {
    return this.chosen.has(id);
  }

  /** Selects or deselects each of `items` (one row's checkbox, or the page's). */
  set(items: readonly T[], selected: boolean): void {
    const chosen = new Map(this.chosen);
    for (const item of items) {
      if (selected) chosen.set(item.id, item);
      else chosen.delete(item.id);
    }
    this.items = chosen;
    this.onChange();
  }

  clear(): void {
    if (this.chosen.size > 0) this.items = new Map();
  }

  /** Keeps a selected item's newest copy (after an action changed it). */
  refresh(item: T): void {
    if (this.chosen.has(item.id)) this.items = new Map(this.chosen).set(item.id, item);
  }
}
