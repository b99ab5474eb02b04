import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

/**
 * A polite live region owned by one element. The region is rendered from the start (a region
 * that appears together with its text is not announced), and the text is cleared first so
 * the same message twice is read twice.
 */
export class Announcer implements ReactiveController {
  private message = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** The current message, for tests and for hosts that mirror it visibly. */
  get text(): string {
    return this.message;
  }

  announce(message: string): void {
    this.message = '';
    this.host.requestUpdate();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.message = message;
      this.host.requestUpdate();
    }, 50);
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }

  render(): TemplateResult {
    return html`<div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.message}</div>`;
  }
}
