// An Angular page with the Portico list on Portico's REST API (test/examples/examples.test.ts runs it).
// Angular binds `[client]` as a property and listens with `(contact-open)` once CUSTOM_ELEMENTS_SCHEMA
// lets the template use unknown tags. No Angular CLI: the template is compiled in the browser (JIT,
// hence `@angular/compiler` first) and `Component(...)` is called as a function rather than used as a
// decorator, so the example needs no decorator settings (ADR 0002).
import '@angular/compiler';
import { Component, CUSTOM_ELEMENTS_SCHEMA, provideZonelessChangeDetection, signal } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { RestContactsClient } from '@portico/client-rest';
import { defineElements, type ContactOpenEvent } from '@portico/elements';

defineElements();

class AppComponent {
  readonly client = new RestContactsClient({ baseUrl: '/api' });
  readonly opened = signal('');

  onOpen(event: Event): void {
    const { contact } = (event as ContactOpenEvent).detail;
    this.opened.set(`${contact.firstName} ${contact.lastName}`);
  }
}

Component({
  selector: 'portico-app',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <contacts-provider [client]="client">
      <contact-list page-size="10" (contact-open)="onOpen($event)"></contact-list>
      <p role="status">{{ opened() ? 'Opened ' + opened() : '' }}</p>
    </contacts-provider>`,
})(AppComponent);

bootstrapApplication(AppComponent, { providers: [provideZonelessChangeDetection()] }).catch((error: unknown) => console.error(error));
