// A React page with the Portico list on Portico's REST API (test/examples/examples.test.ts runs it).
import { useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { RestContactsClient } from '@portico/client-rest';
import { ContactList, ContactsProvider } from './portico-react.js';

const App = () => {
  const client = useMemo(() => new RestContactsClient({ baseUrl: '/api' }), []);
  const [opened, setOpened] = useState('');
  return (
    <ContactsProvider client={client}>
      <ContactList pageSize={10} onContactOpen={(event) => setOpened(`${event.detail.contact.firstName} ${event.detail.contact.lastName}`)} />
      <p role="status">{opened ? `Opened ${opened}` : ''}</p>
    </ContactsProvider>
  );
};

createRoot(document.getElementById('app')!).render(<App />);
