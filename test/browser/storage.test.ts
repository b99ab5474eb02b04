// The elements never keep tokens or personal data in web storage (issue 9): a whole manager
// session (list, open, edit and save, delete) with a spy on localStorage, sessionStorage and
// document.cookie writes.
import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import { MemoryContactsClient } from '@portico/client-memory';
import type { ContactManager } from '@portico/elements';
import '@portico/elements/define';

const writes: string[] = [];
const originalSetItem = Storage.prototype.setItem;
const cookieDescriptor = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;

before(() => {
  Storage.prototype.setItem = function (this: Storage, key: string, value: string) {
    writes.push(`${this === localStorage ? 'localStorage' : 'sessionStorage'}:${key}`);
    return originalSetItem.call(this, key, value);
  };
  Object.defineProperty(Document.prototype, 'cookie', {
    configurable: true,
    get: cookieDescriptor.get!,
    set(value: string) {
      writes.push(`cookie:${value.split('=')[0]}`);
      cookieDescriptor.set!.call(this, value);
    },
  });
});

after(() => {
  Storage.prototype.setItem = originalSetItem;
  Object.defineProperty(Document.prototype, 'cookie', cookieDescriptor);
  fixtureCleanup();
});

const inner = (el: Element, selector: string): Element | null => {
  // Searches through nested shadow roots, as a user's eyes do.
  const roots: (Element | ShadowRoot)[] = [el.shadowRoot ?? el];
  while (roots.length) {
    const root = roots.shift()!;
    const found = root.querySelector(selector);
    if (found) return found;
    for (const child of root.querySelectorAll('*')) if (child.shadowRoot) roots.push(child.shadowRoot);
  }
  return null;
};

describe('web storage', () => {
  it('stays untouched through a whole manager session', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin' });
    const el = await fixture<ContactManager>(html`<contact-manager .client=${client}></contact-manager>`);
    await waitUntil(() => inner(el, 'tbody tr') !== null, 'the list shows contacts', { timeout: 5000 });
    el.navigate({ view: 'edit', contactId: 'c-victor' });
    await waitUntil(() => (inner(el, '#jobTitle') as HTMLInputElement | null)?.value === 'Engineer', 'the form shows the contact', { timeout: 5000 });
    const jobTitle = inner(el, '#jobTitle') as HTMLInputElement;
    jobTitle.value = 'Principal Engineer';
    jobTitle.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    (inner(el, 'button[type="submit"]') as HTMLButtonElement).click();
    await waitUntil(() => el.route.view === 'contact', 'saving returns to the contact', { timeout: 5000 });
    expect((await client.getContact('c-victor')).jobTitle).to.equal('Principal Engineer');
    expect(writes).to.deep.equal([]);
    expect(localStorage.length).to.equal(0);
    expect(sessionStorage.length).to.equal(0);
  });
});
