import { expect, fixture, html } from '@open-wc/testing';
import { MemoryContactsClient } from '@portico/client-memory';
import { defineElements } from './define.js';
import { ContactList, ContactManager } from './index.js';
import { until } from './test-helpers.js';

const FIRST_SCREEN_TAGS = ['contact-manager', 'contact-list', 'contact-export'];
const MANAGER_TAGS = ['contact-manager', 'contact-list', 'contact-export', 'contact-view', 'contact-form', 'role-picker', 'password-reset', 'user-associate', 'contact-delete'];

describe('defineElements', () => {
  it('registers the elements under a prefix and warns instead of throwing on a second call', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: string) => warnings.push(message);
    try {
      defineElements({ prefix: 'acme' });
      defineElements({ prefix: 'acme' });
    } finally {
      console.warn = warn;
    }
    expect(customElements.get('acme-contact-list')).to.exist;
    expect(new (customElements.get('acme-contact-list')!)()).to.be.instanceOf(ContactList);
    expect(warnings.some((message) => message.includes('<acme-contact-list> is already defined'))).to.equal(true);
    const el = await fixture(html`<acme-contact-list></acme-contact-list>`);
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('No contacts client');
  });

  it('registers what the manager renders when only the manager is asked for', async () => {
    defineElements({ prefix: 'solo', elements: { 'contact-manager': ContactManager } });
    // The first screen (the list and its toolbar) at once; the rest on demand or when idle.
    for (const tag of FIRST_SCREEN_TAGS) expect(customElements.get(`solo-${tag}`), `<solo-${tag}>`).to.exist;
    expect(customElements.get('solo-contacts-provider')).to.equal(undefined);
    expect(customElements.get('solo-login-toggle')).to.equal(undefined);
    const el = await fixture<ContactManager>(html`<solo-contact-manager .client=${new MemoryContactsClient({ viewer: 'customer_admin' })}></solo-contact-manager>`);
    await until(() => el.shadowRoot!.querySelector('solo-contact-list')?.shadowRoot?.querySelector('tbody tr[data-id]') != null, 'no rows');
    expect(el.shadowRoot!.querySelector('solo-contact-list')).to.be.instanceOf(ContactList);
    // The elements loaded on demand (the import dialog's too) are registered when they have arrived.
    await el.dependenciesLoaded;
    for (const tag of MANAGER_TAGS) expect(customElements.get(`solo-${tag}`), `<solo-${tag}>`).to.exist;
    expect(customElements.get('solo-contact-import')).to.exist;
    expect(customElements.get('solo-contacts-provider')).to.equal(undefined);
  });

  it('renders a scoped registry\'s tags inside a manager defined there', async function () {
    if (!('customElementRegistry' in ShadowRoot.prototype)) this.skip();
    const registry = new CustomElementRegistry();
    defineElements({ registry, elements: { 'contact-manager': ContactManager } });
    const host = document.createElement('div');
    document.body.append(host);
    try {
      const shadow = host.attachShadow({ mode: 'open', customElementRegistry: registry } as ShadowRootInit);
      shadow.innerHTML = '<contact-manager></contact-manager>';
      const el = shadow.querySelector('contact-manager') as ContactManager;
      expect(el).to.be.instanceOf(ContactManager);
      el.client = new MemoryContactsClient({ viewer: 'customer_admin' });
      await until(() => el.shadowRoot?.querySelector('contact-list')?.shadowRoot?.querySelector('tbody tr[data-id]') != null, 'no rows');
      expect(el.shadowRoot!.querySelector('contact-list')).to.be.instanceOf(ContactList);
      expect(customElements.get('contact-list'), 'nothing in the global registry').to.equal(undefined);
    } finally {
      host.remove();
    }
  });

  it('importing the index registers nothing', () => {
    expect(customElements.get('contact-list')).to.equal(undefined);
  });
});
