import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { LIMITS } from './limits.js';
import { PHONE_PATTERN } from './patterns.js';

/**
 * The domain model. Every type, form rule, server check and the OpenAPI document
 * derive from these schemas, so they are the one place a field is defined. They are written with
 * `zod/mini`, zod's functional API (ADR 0007): a browser bundle keeps only the functions used here,
 * where classic zod's methods would bring its whole API. They are zod schemas all the same, so the
 * server validates with them and `z.toJSONSchema` builds the OpenAPI document from them.
 */

// zod/mini loads no locale: every message a schema does not set itself would be "Invalid input".
// Classic zod registers English when its first schema is built; core does the same, so a form or a
// problem document reads "Too big: expected string to have <=64 characters" whichever zod a page or
// the server loaded first. A locale the host configured before (`z.config(...)`) is kept.
if (!z.config().localeError) z.config(en());

// C0/C1 control characters (including CR and LF) and the line and paragraph separators
// (U+2028, U+2029) never belong in a one-line field.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Characters that change how a text reads without being seen: the bidi embeddings, overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069) and marks (U+200E, U+200F, U+061C), the zero-width space
 * (U+200B), word joiner (U+2060) and byte order mark (U+FEFF). "Ada\u202Eecalevol" shows as
 * another name; "Ada\u200B" looks like "Ada" but is not found by it. Job titles refuse them too:
 * an Arabic title with a Latin word ("مدير IT") lays out by the bidi algorithm alone; a direction
 * mark would only move punctuation at a run's edge, and it hides as well as an override does (in an
 * export, a search, a duplicate check). docs/security.md has the decision.
 */
const INVISIBLE_CHARACTERS = /[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/;

/**
 * Zero-width non-joiner and joiner (U+200C, U+200D) are part of spelling in Persian (فاطمه‌زاده),
 * Indic scripts and others, so they are kept between two letters or marks of a script that is not
 * Latin, Greek or Cyrillic; anywhere else (at an end, doubled, inside a Latin name) they only hide.
 */
const STRAY_JOINER = /(?<![\p{L}\p{M}])[\u200c\u200d]|[\u200c\u200d](?![\p{L}\p{M}])|(?<=[\p{sc=Latin}\p{sc=Greek}\p{sc=Cyrillic}])[\u200c\u200d]|[\u200c\u200d](?=[\p{sc=Latin}\p{sc=Greek}\p{sc=Cyrillic}])/u;

/** `false` when `value` holds a character of `INVISIBLE_CHARACTERS` or a joiner out of place. */
export const isFreeOfInvisibleCharacters = (value: string): boolean => !INVISIBLE_CHARACTERS.test(value) && !STRAY_JOINER.test(value);

/**
 * One line of text, stored one way: NFC (a name typed with "é" as one code point and one pasted
 * with "e" and a combining accent are the same name, and a search finds both), trimmed, bounded,
 * without control or invisible characters. The invisible ones are a custom issue with
 * `params.code` `invisible_characters`, which the field errors carry as their code.
 */
const oneLine = (max: number, label: string) =>
  z.string().check(
    z.normalize('NFC'),
    z.trim(),
    z.maxLength(max, { error: `${label} must be at most ${max} characters.` }),
    z.refine((value) => !CONTROL_CHARACTERS.test(value), {
      error: `${label} must be on one line without control characters.`,
    }),
    z.refine(isFreeOfInvisibleCharacters, {
      error: `${label} must not contain invisible characters such as direction marks or zero-width spaces.`,
      params: { code: 'invisible_characters' },
    }),
  );

const requiredLine = (max: number, label: string) =>
  z.pipe(oneLine(max, label), z.string().check(z.minLength(1, { error: `${label} is required.` })));

/** A whole number of at least `min`: `z.number()` with the `int` check, as classic zod's `.int().min(min)`. */
const integer = (min: number) => z.number().check(z.int(), z.minimum(min));

export const Id = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/, { error: 'Not a valid identifier.' }));
export type Id = z.infer<typeof Id>;

export const IsoDateTime = z.iso.datetime({ offset: true });

export const HONORIFICS = ['Mr', 'Ms', 'Mrs', 'Miss', 'Mx', 'Dr', 'Prof'] as const;
/** The "Title" column of a contacts table: the honorific, not the job title. */
export const Honorific = z.enum(HONORIFICS, { error: 'Choose a title from the list.' });
export type Honorific = z.infer<typeof Honorific>;

/**
 * E-mail: one address, no display name, no CR/LF (header injection), at most 254 characters. An
 * empty one is missing ("required", as the names say), not malformed: the pipe stops there.
 */
export const Email = z.pipe(
  z.string().check(
    z.trim(),
    z.minLength(1, { error: 'Email is required.' }),
    z.maxLength(LIMITS.email, { error: `Email must be at most ${LIMITS.email} characters.` }),
  ),
  z.email({ error: 'Enter an email address like name@example.com.' }),
);

export const Phone = z.pipe(
  oneLine(LIMITS.phone, 'Phone number'),
  z.string().check(z.regex(PHONE_PATTERN, { error: 'Enter a phone number such as +1 555 010 2030, optionally with x123 for an extension.' })),
);

const isLanguageTag = (value: string): boolean => {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
};

/** A BCP 47 language tag such as `en`, `de-CH` or `zh-Hant-TW`. */
export const LanguageTag = z.string().check(z.minLength(2), z.maxLength(35), z.refine(isLanguageTag, { error: 'Choose a language from the list.' }));

const isTimeZone = (value: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
};

/** An IANA time zone such as `Europe/Berlin`. */
export const TimeZone = z.string().check(z.minLength(1), z.maxLength(64), z.refine(isTimeZone, { error: 'Choose a time zone from the list.' }));

/** A login name. Suggested as `firstname.lastname`; unique across the whole store, compared case-insensitively. */
export const USER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]*$/;
export const UserId = z.string().check(
  z.trim(),
  z.minLength(2, { error: 'User ID must be at least 2 characters.' }),
  z.maxLength(LIMITS.userId, { error: `User ID must be at most ${LIMITS.userId} characters.` }),
  z.regex(USER_ID_PATTERN, { error: 'User ID may contain letters, digits, dots, dashes, underscores and @, and must start with a letter or digit.' }),
);

export const LOGIN_STATES = ['none', 'enabled', 'disabled', 'locked'] as const;
export const LoginState = z.enum(LOGIN_STATES);
export type LoginState = z.infer<typeof LoginState>;

/** Why a login is locked: an administrator locked it, or too many failed sign-ins did. */
export const LockReason = z.enum(['admin', 'failed_sign_ins']);
export type LockReason = z.infer<typeof LockReason>;

export const Login = z.object({
  state: LoginState,
  lockReason: z.nullable(LockReason),
  lockedAt: z.nullable(IsoDateTime),
  failedSignIns: integer(0),
  passwordChangeRequired: z.boolean(),
  /**
   * Since when `passwordChangeRequired` holds: when the invitation of a new login was mailed, or
   * the temporary or administrator-set password was issued; `null` when no change is pending.
   * Absent where the source does not record it (adapters of other back ends).
   */
  passwordChangeRequiredAt: z.optional(z.nullable(IsoDateTime)),
  lastSignInAt: z.nullable(IsoDateTime),
});
export type Login = z.infer<typeof Login>;

/** A contact as the server returns it. */
export const Contact = z.object({
  id: Id,
  accountId: Id,
  honorific: z.nullable(Honorific),
  firstName: z.string(),
  lastName: z.string(),
  jobTitle: z.nullable(z.string()),
  email: z.string(),
  businessPhone: z.nullable(z.string()),
  mobilePhone: z.nullable(z.string()),
  language: z.nullable(z.string()),
  timeZone: z.nullable(z.string()),
  notifications: z.boolean(),
  userId: z.nullable(z.string()),
  roles: z.array(Id),
  login: Login,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: integer(1),
});
export type Contact = z.infer<typeof Contact>;

/** The editable fields, as a form fills them and a create or update body carries them. */
const editableFields = {
  honorific: z.optional(z.nullable(Honorific)),
  firstName: requiredLine(LIMITS.name, 'First name'),
  lastName: requiredLine(LIMITS.name, 'Last name'),
  jobTitle: z.optional(z.nullable(oneLine(LIMITS.jobTitle, 'Job title'))),
  email: Email,
  businessPhone: z.optional(z.nullable(Phone)),
  mobilePhone: z.optional(z.nullable(Phone)),
  language: z.optional(z.nullable(LanguageTag)),
  timeZone: z.optional(z.nullable(TimeZone)),
  accountId: Id,
  notifications: z.optional(z.boolean()),
};

/**
 * The body that creates a contact. Strict: login state, roles, user ID and version are not
 * settable here (no mass assignment); they have their own operations.
 */
export const ContactDraft = z.strictObject(editableFields);
export type ContactDraft = z.infer<typeof ContactDraft>;
export type ContactDraftInput = z.input<typeof ContactDraft>;

/** A partial update. The user ID is editable after creation (seed 000 and 001). */
export const ContactPatch = z.partial(z.strictObject({ ...editableFields, userId: z.optional(z.nullable(UserId)) }));
export type ContactPatch = z.infer<typeof ContactPatch>;

export const EDITABLE_FIELDS = [...Object.keys(editableFields), 'userId'] as (keyof ContactPatch)[];

export const Account = z.object({
  id: Id,
  name: z.string(),
  parentId: z.nullable(Id),
});
export type Account = z.infer<typeof Account>;

export const ROLE_KINDS = ['role', 'permission_set'] as const;
/**
 * Both kinds the sources use: ServiceNow-style roles (`customer_admin`, `partner_admin`,
 * `admin`) and a field-service portal's permission sets (Admin access, Billing, ...).
 */
export const Role = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  kind: z.enum(ROLE_KINDS),
});
export type Role = z.infer<typeof Role>;

export const RoleAssignment = z.strictObject({ roles: z.array(Id).check(z.maxLength(50)) });
export type RoleAssignment = z.infer<typeof RoleAssignment>;

/** The signed-in person: their contact, the accounts they reach and their roles. */
export const Viewer = z.object({
  contactId: Id,
  accountId: Id,
  tenantId: Id,
  displayName: z.string(),
  userId: z.string(),
  roles: z.array(Id),
  /** Accounts a partner administrator manages for other companies. */
  partnerAccountIds: z.array(Id),
  /** Every account id whose contacts the viewer reaches (own subtree plus partner subtrees). */
  scope: z.array(Id),
  /**
   * True when the viewer signed in with a temporary or administrator-set password (seeds 000 and
   * 001): until they change it, the server answers every other request with 403
   * `password_change_required`. Absent or false otherwise.
   */
  passwordChangeRequired: z.optional(z.boolean()),
});
export type Viewer = z.infer<typeof Viewer>;

export const CONTACT_STATUSES = ['active', 'disabled', 'locked', 'none'] as const;
/** The list's status filter: login enabled, disabled, locked, or no login at all. */
export const ContactStatus = z.enum(CONTACT_STATUSES);
export type ContactStatus = z.infer<typeof ContactStatus>;

export const SORT_FIELDS = ['name', 'firstName', 'lastName', 'email', 'jobTitle', 'honorific', 'account', 'status', 'updatedAt', 'createdAt'] as const;
export const SortField = z.enum(SORT_FIELDS);
export type SortField = z.infer<typeof SortField>;
export const SortDirection = z.enum(['asc', 'desc']);
export type SortDirection = z.infer<typeof SortDirection>;

/** One shape for every list query: page or cursor, page size, search, filters, sort. */
export const ListQuery = z.object({
  page: z.optional(integer(1)),
  cursor: z.optional(z.string().check(z.maxLength(500))),
  pageSize: z._default(integer(1).check(z.maximum(LIMITS.pageSizeMax)), 25),
  search: z.optional(z.string().check(z.maxLength(LIMITS.search))),
  filters: z._default(
    z.object({
      status: z.optional(ContactStatus),
      accountId: z.optional(Id),
      /** With an account filter, whether child organisations are included (default true). */
      includeChildAccounts: z.optional(z.boolean()),
    }),
    {},
  ),
  sort: z._default(z.object({ field: SortField, direction: SortDirection }), { field: 'name', direction: 'asc' }),
});
export type ListQuery = z.infer<typeof ListQuery>;
export type ListQueryInput = z.input<typeof ListQuery>;

/**
 * `false` when the count stopped early: more than `total` items match, so `total` is a lower bound
 * and the last page is unknown. A backend may stop counting a search's matches at a cap (ADR 0009);
 * absent or `true`, `total` is exact.
 */
const TotalExact = z.boolean().register(z.globalRegistry, {
  description: 'False when the count stopped early: more than `total` items match (a lower bound; the last page is unknown). Absent or true: `total` is exact.',
});

export const pageOf = <T extends z.core.$ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: integer(0),
    totalExact: z.optional(TotalExact),
    page: z.optional(integer(1)),
    pageSize: integer(1),
    nextCursor: z.optional(z.nullable(z.string())),
  });
export const ContactPage = pageOf(Contact);
/** `{ items }`: the answer of the list endpoints without paging (roles, accounts). */
export const listOf = <T extends z.core.$ZodType>(item: T) => z.object({ items: z.array(item) });
export interface Page<T> {
  items: T[];
  /** How many items the query matches; a lower bound when `totalExact` is `false`. */
  total: number;
  /** `false` when the count stopped early: more than `total` match. Absent or `true`: exact. */
  totalExact?: boolean;
  page?: number;
  pageSize: number;
  nextCursor?: string | null;
}

/** A user account that exists apart from contacts (seed 003): it can be associated with one contact. */
export const UserAccount = z.object({
  id: Id,
  userId: z.string(),
  displayName: z.string(),
  email: z.string(),
  /** The contact that already holds this user, if any: a user belongs to at most one contact. */
  contactId: z.nullable(Id),
});
export type UserAccount = z.infer<typeof UserAccount>;
export const UserAccountPage = pageOf(UserAccount);

export const CreateLoginBody = z.strictObject({ userId: z.optional(UserId) });
export type CreateLoginBody = z.infer<typeof CreateLoginBody>;

export const AssociateUserBody = z.strictObject({ userAccountId: Id });

export const PasswordResetResult = z.object({
  mode: z.enum(['link', 'temporary', 'set']),
  /** The address the mail went to, so the administrator can tell the contact where to look. */
  sentTo: z.nullable(z.string()),
  expiresAt: z.nullable(IsoDateTime),
  passwordChangeRequired: z.boolean(),
});
export type PasswordResetResult = z.infer<typeof PasswordResetResult>;

export const UserIdSuggestion = z.object({
  /** `firstname.lastname`, or null when another contact has the same name and a person must choose. */
  userId: z.nullable(z.string()),
  reason: z.enum(['suggested', 'duplicate_name', 'no_latin_letters', 'taken']),
});
export type UserIdSuggestion = z.infer<typeof UserIdSuggestion>;

export const UserIdAvailability = z.object({
  userId: z.string(),
  available: z.boolean(),
  /** The contact that already uses it, when the viewer may see that contact. */
  takenByContactId: z.optional(z.nullable(Id)),
});
export type UserIdAvailability = z.infer<typeof UserIdAvailability>;

export const SignInBody = z.strictObject({
  userId: z.string().check(z.minLength(1), z.maxLength(LIMITS.userId)),
  password: z.string().check(z.minLength(1), z.maxLength(LIMITS.password)),
});

/** A signed-in contact changes their own password (the current one proves it is them). */
export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().check(z.minLength(1), z.maxLength(LIMITS.password)),
  newPassword: z.string().check(
    z.minLength(LIMITS.passwordMin, { error: `Password must be at least ${LIMITS.passwordMin} characters.` }),
    z.maxLength(LIMITS.password, { error: `Password must be at most ${LIMITS.password} characters.` }),
  ),
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

/** "Forgot password": a user ID or an e-mail address, as the person remembers it. */
export const PasswordResetRequestBody = z.strictObject({
  identifier: z.string().check(z.trim(), z.minLength(1, { error: 'Enter your user ID or e-mail address.' }), z.maxLength(LIMITS.email)),
});
export type PasswordResetRequestBody = z.infer<typeof PasswordResetRequestBody>;

/** One field-level error of a problem document. `field` is a dotted path such as `email`. */
export const FieldError = z.object({ field: z.string(), message: z.string(), code: z.optional(z.string()) });
export type FieldError = z.infer<typeof FieldError>;

/** RFC 9457 problem details, with a machine-readable `code` and field errors. */
export const Problem = z.object({
  type: z._default(z.string(), 'about:blank'),
  title: z.string(),
  status: z.number().check(z.int()),
  detail: z.optional(z.string()),
  instance: z.optional(z.string()),
  code: z.optional(z.string()),
  errors: z.optional(z.array(FieldError)),
});
export type Problem = z.infer<typeof Problem>;

/** An e-mail the server would have sent; the reference server keeps them in an outbox. */
export const OutboxMessage = z.object({
  id: Id,
  to: z.string(),
  subject: z.string(),
  body: z.string(),
  createdAt: IsoDateTime,
});
export type OutboxMessage = z.infer<typeof OutboxMessage>;
