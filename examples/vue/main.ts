// A Vue page with the Portico list on Portico's REST API (test/examples/examples.test.ts runs it).
// Vue passes objects such as `client` as properties and listens to the elements' events by name;
// it only has to be told which tags are custom elements.
import { createApp, ref } from 'vue';
import { RestContactsClient } from '@portico/client-rest';
import { defineElements, type ContactOpenEvent } from '@portico/elements';

defineElements();

const app = createApp({
  setup() {
    const client = new RestContactsClient({ baseUrl: '/api' });
    const opened = ref('');
    const onOpen = (event: ContactOpenEvent) => {
      opened.value = `${event.detail.contact.firstName} ${event.detail.contact.lastName}`;
    };
    return { client, opened, onOpen };
  },
  template: `
    <contacts-provider :client="client">
      <contact-list page-size="10" @contact-open="onOpen"></contact-list>
      <p role="status">{{ opened ? 'Opened ' + opened : '' }}</p>
    </contacts-provider>`,
});
app.config.compilerOptions.isCustomElement = (tag) => tag.startsWith('contact-') || tag === 'contacts-provider';
app.mount('#app');
