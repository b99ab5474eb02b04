// A page an application builds with Vite: the memory client's export, whose writers and fonts
// load only when a format is asked for. Driven by test/e2e/export-vite.test.ts.
import { MemoryContactsClient } from '@portico/client-memory';
import { exportWriters } from '@portico/export';
import type { ExportFormat } from '@portico/core';

const client = new MemoryContactsClient({ viewer: 'admin', exportWriters: exportWriters({ fonts: '/fonts/' }) });

const base64 = (bytes: Uint8Array) => {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
};

Object.assign(globalThis, {
  runExport: async (format: ExportFormat, lang: string) => {
    const blob = await client.exportContacts({ search: 'a' }, format, { lang });
    return { type: blob.type, base64: base64(new Uint8Array(await blob.arrayBuffer())) };
  },
});
