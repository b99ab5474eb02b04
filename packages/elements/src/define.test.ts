import { expect, fixture, html } from '@open-wc/testing';
import { defineElements } from './define.js';
import { ContactList } from './index.js';

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

  it('importing the index registers nothing', () => {
    expect(customElements.get('contact-list')).to.equal(undefined);
  });
});
