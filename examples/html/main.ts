// A page without a framework on Portico's REST API (test/examples/examples.test.ts runs it): the tags
// are in the HTML, `@portico/elements/define` registers them and types `querySelector`, the client is
// set as a property and the events are typed through `HTMLElementEventMap`.
import '@portico/elements/define';
import { RestContactsClient } from '@portico/client-rest';

document.querySelector('contacts-provider')!.client = new RestContactsClient({ baseUrl: '/api' });
document.querySelector('contact-list')!.addEventListener('contact-open', (event) => {
  const { firstName, lastName } = event.detail.contact;
  document.querySelector('[role="status"]')!.textContent = `Opened ${firstName} ${lastName}`;
});
