import { LitElement, css, html, type PropertyValues } from 'lit';
import { ContextProvider } from '@lit/context';
import type { ContactsClient, Viewer } from '@portico/core';
import { clientContext, storeContext, viewerContext } from '../context.js';
import { storeFor, viewerFor } from '../store.js';

/**
 * Provides a contacts client, the signed-in viewer and a shared change store to every Portico
 * element inside it, so they share one client and refresh each other after a change.
 *
 * @summary Connects the Portico elements inside it to one `ContactsClient`.
 *
 * @slot - The elements (and any other content) that use the client.
 *
 * @fires viewer-error - Not bubbling; `detail.message` when `client.me()` failed.
 */
export class ContactsProvider extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  static override properties = {
    client: { attribute: false },
  };

  /** The client every element inside uses (unless it has its own `client`). */
  declare client: ContactsClient | undefined;

  private readonly clientProvider = new ContextProvider(this, { context: clientContext });
  private readonly viewerProvider = new ContextProvider(this, { context: viewerContext });
  private readonly storeProvider = new ContextProvider(this, { context: storeContext });

  constructor() {
    super();
    this.client = undefined;
  }

  /** The viewer, once `client.me()` answered. */
  get viewer(): Viewer | undefined {
    return this.viewerProvider.value;
  }

  /**
   * Loads the viewer again: call it after the host signed somebody else in, or out, without a reload.
   * Every element inside starts afresh for the new viewer; when `me()` fails (signed out) the
   * viewer becomes `undefined`.
   */
  async refreshViewer(): Promise<void> {
    await this.loadViewer(true);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('client')) return;
    const client = this.client;
    this.clientProvider.setValue(client);
    this.storeProvider.setValue(client ? storeFor(client) : undefined);
    this.viewerProvider.setValue(undefined);
    void this.loadViewer(false);
  }

  private async loadViewer(refresh: boolean): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      const viewer = await viewerFor(client, refresh);
      if (this.client === client) this.viewerProvider.setValue(viewer, true);
    } catch (error) {
      // Signed out (or the server refused): nobody's data may stay on the page.
      if (this.client === client) this.viewerProvider.setValue(undefined, true);
      this.dispatchEvent(new CustomEvent('viewer-error', { detail: { message: error instanceof Error ? error.message : String(error) } }));
    }
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
