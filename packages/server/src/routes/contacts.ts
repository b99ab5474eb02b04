/** Contacts: the list, create (idempotent), the export, read, update and delete. */
import { can, canMoveContact, CONTACT_STATUSES, ContactDraft, ContactPatch, EXPORT_COLUMN_IDS, inScope, LIMITS, SORT_FIELDS } from '@portico/core';
import { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { writeAudit } from '../audit.js';
import { type Env, etag, parse, pathId, type ServerContext } from '../context.js';
import { readJson } from '../edge.js';
import { exportHandler } from '../export.js';
import { keepAdministrator, reachable, suggestionFor, userIdTaken } from '../guards.js';
import { idempotentRequest, rememberCreate, replayCreate } from '../idempotency.js';
import { newId } from '../crypto.js';
import { isUniqueViolation, violatedConstraint } from '../db.js';
import { ContactQueryParams, listPage, resolveContactQuery, SEARCH_COUNT_CAP } from '../list-query.js';
import { addressChanged } from '../mail.js';
import { forbidden, HttpProblem } from '../problems.js';
import { endSessions, findContact, holderOfUserId, listAccounts, updateContact } from '../store.js';
import { requireViewer } from '../viewer.js';
import { CSRF, declare, errors, ETAG, ID, json, jsonBody, noContent, type Operation, type Parameter } from './doc.js';

export const ListParams = ContactQueryParams.extend({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(25),
});

/** Optional text fields where an empty string means "no value", as a cleared form field sends. */
const NULLABLE_TEXT = new Set(['honorific', 'jobTitle', 'businessPhone', 'mobilePhone', 'language', 'timeZone']);

const LIST_FILTERS: Parameter[] = [
  { name: 'status', in: 'query', schema: { type: 'string', enum: [...CONTACT_STATUSES] } },
  { name: 'accountId', in: 'query', schema: { type: 'string' } },
  { name: 'includeChildAccounts', in: 'query', schema: { type: 'string', enum: ['true', 'false'], default: 'true' } },
  { name: 'sort', in: 'query', schema: { type: 'string', enum: [...SORT_FIELDS], default: 'name' } },
];

const list: Operation = {
  method: 'get',
  path: '/contacts',
  summary: 'List contacts in the viewer\u2019s scope',
  operationId: 'listContacts',
  tags: ['contacts'],
  parameters: [
    { name: 'q', in: 'query', description: 'Case-insensitive substring of "first last", "last first" or the email.', schema: { type: 'string', maxLength: LIMITS.search } },
    ...LIST_FILTERS,
    { name: 'order', in: 'query', description: 'Contacts with equal sort values are ordered by id in the same direction, so `desc` is exactly `asc` reversed.', schema: { type: 'string', enum: ['asc', 'desc'], default: 'asc' } },
    { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
    { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: LIMITS.pageSizeMax, default: 25 } },
  ],
  responses: {
    '200': json(
      `One page of contacts. Without \`q\` the total is exact. With \`q\` the server counts at most ${SEARCH_COUNT_CAP + 1} matches: past ${SEARCH_COUNT_CAP} the total is ${SEARCH_COUNT_CAP} with \`totalExact: false\` ("more than ${SEARCH_COUNT_CAP}"), and a page past the last match is empty.`,
      'ContactPage',
    ),
    ...errors(400, 401, 403, 404),
  },
};

const create: Operation = {
  method: 'post',
  path: '/contacts',
  summary: 'Create a contact',
  operationId: 'createContact',
  tags: ['contacts'],
  parameters: [
    CSRF,
    { name: 'Idempotency-Key', in: 'header', required: false, description: 'A retry with the same key returns the first result.', schema: { type: 'string', maxLength: 200 } },
  ],
  request: { body: jsonBody('ContactDraft') },
  responses: {
    '201': json('Created (or the replayed first result).', 'Contact', {
      ...ETAG,
      Location: { description: 'The new contact.', schema: { type: 'string' } },
    }),
    ...errors(400, 401, 403, 409),
  },
};

const exportRoute: Operation = {
  method: 'get',
  path: '/contacts/export',
  summary: 'Export the listed (or selected) contacts as CSV, XLSX or PDF',
  description:
    'Streamed: the contacts are read a page at a time and written as they arrive. Needs the `contact.export` permission; the scope, search, filters and sort are those of `GET /api/contacts`. CSV is RFC 4180 with a UTF-8 byte order mark, and a cell starting with `=`, `+`, `-`, `@`, tab or CR gets a leading apostrophe (formula injection); a phone number gets an invisible left-to-right mark (U+200E) instead, so a spreadsheet shows it as written, neither as a number nor as a formula.',
  operationId: 'exportContacts',
  tags: ['contacts'],
  parameters: [
    { name: 'format', in: 'query', schema: { type: 'string', enum: ['csv', 'xlsx', 'pdf'], default: 'csv' } },
    { name: 'q', in: 'query', description: 'As for the list.', schema: { type: 'string', maxLength: LIMITS.search } },
    ...LIST_FILTERS,
    { name: 'order', in: 'query', schema: { type: 'string', enum: ['asc', 'desc'], default: 'asc' } },
    { name: 'columns', in: 'query', description: `Comma-separated column ids (${EXPORT_COLUMN_IDS.join(', ')}); unknown ids are ignored.`, schema: { type: 'string' } },
    { name: 'ids', in: 'query', description: 'Comma-separated contact ids (at most 1000): export only this selection, in this order. Ids outside the viewer\u2019s scope are left out.', schema: { type: 'string' } },
    { name: 'lang', in: 'query', description: 'Language of the header row, the status names and the PDF\u2019s texts (BCP 47: en, de, fr, es, ja, ar; others fall back by language, then to English).', schema: { type: 'string', maxLength: 35 } },
  ],
  responses: {
    '200': {
      description: 'The file, as an attachment named `contacts-YYYY-MM-DD.<format>`.',
      headers: {
        'Content-Disposition': { schema: { type: 'string' } },
        'X-Total-Count': { description: 'How many contacts the file holds.', schema: { type: 'integer' } },
      },
      content: {
        'text/csv': { schema: { type: 'string' } },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
        'application/pdf': { schema: { type: 'string', format: 'binary' } },
      },
    },
    ...errors(400, 401, 403, 404),
  },
};

const get: Operation = {
  method: 'get',
  path: '/contacts/{id}',
  summary: 'Get a contact',
  operationId: 'getContact',
  tags: ['contacts'],
  parameters: [ID],
  responses: { '200': json('The contact.', 'Contact', ETAG), ...errors(401, 403, 404) },
};

const update: Operation = {
  method: 'patch',
  path: '/contacts/{id}',
  summary: 'Update a contact',
  description: 'A new `email` cancels the password reset links mailed to the old address and tells the old address that it was changed.',
  operationId: 'updateContact',
  tags: ['contacts'],
  parameters: [ID, CSRF, { name: 'If-Match', in: 'header', required: false, description: 'The version the edit started from, e.g. `"3"`.', schema: { type: 'string' } }],
  request: { body: jsonBody('ContactPatch') },
  responses: { '200': json('The updated contact.', 'Contact', ETAG), ...errors(400, 401, 403, 404, 409, 412) },
};

const remove: Operation = {
  method: 'delete',
  path: '/contacts/{id}',
  summary: 'Delete a contact (not yourself)',
  operationId: 'deleteContact',
  tags: ['contacts'],
  parameters: [ID, CSRF],
  responses: { '204': noContent('Deleted.'), ...errors(401, 403, 404, 409) },
};

export const contactRoutes = (context: ServerContext): OpenAPIHono<Env> => {
  const { db, now } = context;
  const app = new OpenAPIHono<Env>();

  declare(app, list, async (c) => {
    const viewer = await requireViewer(db, c);
    if (!can(viewer, 'contact.list')) throw forbidden();
    const params = parse(ListParams, c.req.query());
    const query = await resolveContactQuery(db, viewer, params);
    const { items, total, totalExact } = await listPage(db, query, { offset: (params.page - 1) * params.pageSize, limit: params.pageSize });
    return c.json({ items, total, ...(totalExact === false ? { totalExact } : {}), page: params.page, pageSize: params.pageSize }, 200);
  });

  declare(app, create, async (c) => {
    const viewer = await requireViewer(db, c);
    if (!can(viewer, 'contact.create')) throw forbidden();
    const draft = parse(ContactDraft, await readJson(c));
    const request = idempotentRequest(c, viewer.contactId, draft);

    const createOnce = () =>
      db.transaction(async (tx) => {
        const replayed = await replayCreate(tx, c, request);
        if (replayed) return replayed;
        const { rows: accounts } = await tx.query('select id from accounts where id = $1', [draft.accountId]);
        if (accounts.length === 0 || !can(viewer, 'contact.create', { id: '', accountId: draft.accountId, roles: [] })) {
          throw new HttpProblem(400, 'validation', 'The request has invalid fields.', {
            errors: [{ field: 'accountId', message: 'Choose an account you manage.', code: 'invalid_account' }],
          });
        }
        const suggestion = await suggestionFor(tx, viewer, draft.firstName, draft.lastName);
        const at = now().toISOString();
        const id = newId('c');
        await tx.query(
          `insert into contacts (id, account_id, honorific, first_name, last_name, job_title, email, business_phone, mobile_phone, language, time_zone,
             notifications, user_id, login_state, version, created_at, updated_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'none', 1, $14, $14)`,
          [
            id,
            draft.accountId,
            draft.honorific ?? null,
            draft.firstName,
            draft.lastName,
            draft.jobTitle || null,
            draft.email,
            draft.businessPhone || null,
            draft.mobilePhone || null,
            draft.language || null,
            draft.timeZone || null,
            draft.notifications ?? true,
            suggestion.userId,
            at,
          ],
        );
        const contact = (await findContact(tx, id))!;
        await writeAudit(tx, { actorContactId: viewer.contactId, action: 'contact.create', targetType: 'contact', targetId: id, accountId: contact.accountId, after: contact }, now());
        await rememberCreate(tx, request, contact, at);
        c.header('Location', `/api/contacts/${id}`);
        c.header('ETag', etag(contact));
        return c.json(contact, 201);
      });

    try {
      return await createOnce();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // A concurrent request with the same key committed first: answer with its result.
      const replayed = await replayCreate(db, c, request);
      if (replayed) return replayed;
      // A namesake created at the same moment took the suggested user ID first (the request names
      // none, so the ID is ours to drop): create again, which now sees that contact and suggests none.
      if (violatedConstraint(error) === 'contacts_user_id_key') return await createOnce();
      throw error;
    }
  });

  // Before `/contacts/{id}`, which would otherwise take "export" as an id.
  declare(app, exportRoute, exportHandler({ db, now, requireViewer: (c) => requireViewer(db, c) }));

  declare(app, get, async (c) => {
    const viewer = await requireViewer(db, c);
    const contact = await reachable(db, viewer, pathId(c), 'contact.view');
    c.header('ETag', etag(contact));
    return c.json(contact, 200);
  });

  declare(app, update, async (c) => {
    const viewer = await requireViewer(db, c);
    const changes = parse(ContactPatch, await readJson(c));
    const ifMatch = c.req.header('If-Match');
    const contact = await db.transaction(async (tx) => {
      const before = await reachable(tx, viewer, pathId(c), 'contact.update', true);
      if (ifMatch !== undefined && ifMatch.trim() !== '*') {
        const versions = ifMatch.split(',').map((tag) => tag.trim().replace(/^W\//, '').replaceAll('"', ''));
        if (!versions.includes(String(before.version))) {
          throw new HttpProblem(412, 'precondition_failed', 'Someone else changed this contact in the meantime. Reload it and apply your changes again.');
        }
      }
      const userIdChanges = changes.userId !== undefined && changes.userId?.toLowerCase() !== before.userId?.toLowerCase();
      if (changes.userId !== undefined && changes.userId !== before.userId) {
        if (!can(viewer, 'contact.edit_user_id', before)) throw forbidden('You may not change the user ID.');
        if (changes.userId === null && before.login.state !== 'none') {
          throw new HttpProblem(400, 'validation', 'The request has invalid fields.', {
            errors: [{ field: 'userId', message: 'A contact with a login needs a user ID.', code: 'required' }],
          });
        }
        if (changes.userId !== null && userIdChanges) {
          const holder = await holderOfUserId(tx, changes.userId, before.id);
          if (holder) throw userIdTaken(holder, viewer);
        }
      }
      if (changes.accountId !== undefined && changes.accountId !== before.accountId) {
        if (!can(viewer, 'contact.change_account', before)) throw forbidden('You may not move contacts to another account.');
        const accounts = await listAccounts(tx);
        if (!canMoveContact(viewer, before, changes.accountId, accounts)) {
          // Companies are closed: an account the viewer manages in another company is still no destination.
          const managed = accounts.some((account) => account.id === changes.accountId) && inScope(viewer, { accountId: changes.accountId });
          throw new HttpProblem(400, 'validation', 'The request has invalid fields.', {
            errors: [
              managed
                ? { field: 'accountId', message: 'A contact stays in its own company: choose an account of the same company.', code: 'other_company' }
                : { field: 'accountId', message: 'Choose an account you manage.', code: 'invalid_account' },
            ],
          });
        }
      }
      const values: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(changes)) {
        if (value === undefined) continue;
        values[field] = value === '' && NULLABLE_TEXT.has(field) ? null : value;
      }
      const after = await updateContact(tx, before.id, values, now());
      if (changes.userId) await tx.query('update users set user_id = $2 where contact_id = $1', [before.id, changes.userId]);
      if (after.email.toLowerCase() !== before.email.toLowerCase()) await addressChanged(context, tx, before, now());
      await writeAudit(tx, { actorContactId: viewer.contactId, action: 'contact.update', targetType: 'contact', targetId: before.id, accountId: after.accountId, before, after }, now());
      return after;
    });
    c.header('ETag', etag(contact));
    return c.json(contact, 200);
  });

  declare(app, remove, async (c) => {
    const viewer = await requireViewer(db, c);
    await db.transaction(async (tx) => {
      const before = await reachable(tx, viewer, pathId(c), 'contact.delete', true);
      await keepAdministrator(tx, before, null);
      await endSessions(tx, before.id);
      // The user account outlives the contact (seed 003) in its company, but its password does not:
      // it signs in again only once an administrator of that company associates it with a contact
      // and sets a password or sends a link (docs/security.md, "User accounts").
      await tx.query('update users set contact_id = null, password_hash = null where contact_id = $1', [before.id]);
      await tx.query('delete from contacts where id = $1', [before.id]);
      await writeAudit(tx, { actorContactId: viewer.contactId, action: 'contact.delete', targetType: 'contact', targetId: before.id, accountId: before.accountId, before }, now());
    });
    return c.body(null, 204);
  });

  return app;
};
