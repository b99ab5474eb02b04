import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isAbort } from './portico-element.js';

/** How a call ended: its value, or its error (an abort is neither: `run` resolves `undefined`). */
export type CallOutcome<T> = { value: T } | { error: unknown };

/**
 * One call at a time, for a form that sends one request per submit (sign-in, the password forms):
 * a new call aborts the one in flight, leaving the page aborts it too, and `sending` is true while
 * one runs (the host renders its busy state from it).
 */
export class SingleCall implements ReactiveController {
  private controller: AbortController | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Whether a call is in flight. */
  get sending(): boolean {
    return this.controller !== undefined;
  }

  hostDisconnected(): void {
    this.abort();
  }

  /** Aborts the call in flight, if any. */
  abort(): void {
    this.controller?.abort();
  }

  /**
   * Runs `call` with a signal that aborts when a newer call starts or the host leaves the page.
   * Resolves with its value or its error; with `undefined` when it was aborted or replaced, for
   * which there is nothing to show.
   */
  async run<T>(call: (signal: AbortSignal) => Promise<T>): Promise<CallOutcome<T> | undefined> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.host.requestUpdate();
    try {
      const value = await call(controller.signal);
      return this.controller === controller ? { value } : undefined;
    } catch (error) {
      return isAbort(error) || this.controller !== controller ? undefined : { error };
    } finally {
      if (this.controller === controller) {
        this.controller = undefined;
        this.host.requestUpdate();
      }
    }
  }
}
