import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seedDatabase, type HostContact } from './json-server.js';

/**
 * A portal backend that pages by keyset, the way most cursor APIs do: a cursor names the last row
 * of the page before (its sort key and id), never a position, so a contact created or deleted in
 * front of a cursor moves every later page by one. The host's own record shape (as json-server's),
 * always in name order (`last_name`, `first_name`, `id`); `active`, `locked` and `q` filter.
 * `GET /contacts?_limit=&after=` answers `{ data, next }`, `next` being null on the last page.
 * No session layer: the tests here are about paging, not about scope.
 */
export interface CursorServerHandle {
  url: string;
  /** Holds the next list answer, computed but not sent, until `release()`. */
  holdNextList(): { reached: Promise<void>; release: () => void };
  /** Every cursor handed out so far is refused from now on (400), as an API whose cursors expire. */
  expireCursors(): void;
  close(): Promise<void>;
}

type Key = [string, string, string];
const keyOf = (record: HostContact): Key => [record.last_name, record.first_name, record.id];
const compare = (a: Key, b: Key) => {
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return a[index]! < b[index]! ? -1 : 1;
  return 0;
};
/** A cursor carries the generation it was issued in: `expireCursors()` refuses the older ones. */
const encode = (generation: number, key: Key) => Buffer.from(JSON.stringify([generation, ...key])).toString('base64url');
const decode = (cursor: string) => {
  const [generation, ...key] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [number, ...Key];
  return { generation, key };
};

const readBody = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
};

export const startCursorServer = async (): Promise<CursorServerHandle> => {
  const contacts = new Map(seedDatabase().contacts.map((record) => [record.id, record]));
  let created = 0;
  let generation = 0;
  let hold: { arrived: () => void; released: Promise<void> } | undefined;

  const send = (res: ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };

  const list = (params: URLSearchParams) => {
    const limit = Number(params.get('_limit') ?? 10);
    const cursor = params.get('after');
    const after = cursor ? decode(cursor) : undefined;
    if (after && after.generation !== generation) return undefined;
    const q = params.get('q')?.toLowerCase();
    const rows = [...contacts.values()]
      .filter((record) => ['active', 'locked'].every((field) => !params.has(field) || record[field as 'active' | 'locked'] === params.get(field)))
      .filter((record) => !q || [record.first_name, record.last_name, record.email_address].some((text) => text.toLowerCase().includes(q)))
      .sort((a, b) => compare(keyOf(a), keyOf(b)))
      .filter((record) => !after || compare(keyOf(record), after.key) > 0);
    const data = rows.slice(0, limit);
    return { data, next: rows.length > limit ? encode(generation, keyOf(data.at(-1)!)) : null };
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [, resource, id] = url.pathname.split('/');
    if (resource !== 'contacts') return send(res, 404, { message: 'Not found.' });
    if (!id && req.method === 'GET') {
      const answer = list(url.searchParams);
      if (!answer) return send(res, 400, { message: 'The cursor has expired.' });
      if (hold) {
        const { arrived, released } = hold;
        hold = undefined;
        arrived();
        await released;
      }
      return send(res, 200, answer);
    }
    if (!id && req.method === 'POST') {
      const now = new Date().toISOString();
      const record = { ...(await readBody(req)), id: `k-${++created}`, created_at: now, updated_at: now, rev: 1 } as unknown as HostContact;
      contacts.set(record.id, record);
      return send(res, 201, record);
    }
    const record = id ? contacts.get(id) : undefined;
    if (!record) return send(res, 404, { message: 'No such contact.' });
    if (req.method === 'GET') return send(res, 200, record);
    if (req.method === 'DELETE') {
      contacts.delete(record.id);
      return send(res, 204);
    }
    if (req.method === 'PATCH') {
      const changed = { ...record, ...(await readBody(req)), id: record.id, rev: record.rev + 1, updated_at: new Date().toISOString() } as HostContact;
      contacts.set(record.id, changed);
      return send(res, 200, changed);
    }
    return send(res, 405, { message: 'Method not allowed.' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    holdNextList: () => {
      let arrived!: () => void;
      let release!: () => void;
      const reached = new Promise<void>((resolve) => (arrived = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      hold = { arrived, released };
      return { reached, release };
    },
    expireCursors: () => {
      generation += 1;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
};
