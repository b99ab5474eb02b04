import type { Action, ContactStatus, LockReason } from '@portico/core';

/**
 * The English strings more than one element shows, or that the base helpers read (`problems.ts`,
 * `validation.ts`, `shared-templates.ts`): part of every bundle. The strings of one element are
 * in `en-<element>.ts`, which that element lists in `englishParts`; `en.ts` is the sum of all
 * parts (docs/i18n.md, "How the strings are laid out").
 */
export const enShared = {
  // Shared
  loading: 'Loading…',
  retry: 'Retry',
  cancel: 'Cancel',
  close: 'Close',
  confirm: 'Confirm',
  none: '—',
  noClient: 'No contacts client is connected. Set the client property or place the element inside <contacts-provider>.',
  unexpectedError: 'Something went wrong. Please try again.',

  // Status and actions: list, view, login toggle, manager
  status: {
    active: 'Active',
    disabled: 'Disabled',
    locked: 'Locked',
    none: 'No login',
  } satisfies Record<ContactStatus, string>,
  lockReason: {
    admin: 'locked by an administrator',
    failed_sign_ins: 'too many failed sign-ins',
  } satisfies Record<LockReason, string>,
  lockedBecause: (reason: string) => `Locked: ${reason}`,
  loginActionDone: (verb: string, name: string) => `${verb}: ${name}.`,
  // Announced by the command controller (base/command-controller.ts) of whichever element saved.
  rolesSaved: (name: string) => `Roles of ${name} saved.`,
  contactDeleted: (name: string) => `${name} was deleted.`,
  actions: {
    'contact.view': 'View',
    'contact.update': 'Edit',
    'contact.delete': 'Delete',
    'login.create': 'Create login',
    'login.enable': 'Enable login',
    'login.disable': 'Disable login',
    'login.lock': 'Lock',
    'login.unlock': 'Unlock',
    'roles.assign': 'Assign roles',
    'password.reset_link': 'Reset password',
    'password.reset_temporary': 'Reset password',
    'password.set': 'Reset password',
    'user.associate': 'Associate user account',
  } satisfies Partial<Record<Action, string>>,
  actionsDone: {
    'login.enable': 'Login enabled',
    'login.disable': 'Login disabled',
    'login.lock': 'Locked',
    'login.unlock': 'Unlocked',
    'login.create': 'Login created',
    'contact.delete': 'Deleted',
  } as Partial<Record<Action, string>>,

  // Field labels, validation and the server's problems: base/validation.ts, base/problems.ts
  fields: {
    honorific: 'Title',
    firstName: 'First name',
    lastName: 'Last name',
    jobTitle: 'Job title',
    email: 'Email',
    businessPhone: 'Business phone',
    mobilePhone: 'Mobile phone',
    language: 'Language',
    timeZone: 'Time zone',
    accountId: 'Account',
    notifications: 'Notifications',
    userId: 'User ID',
    roles: 'Roles',
  },
  /** Messages for the zod issues of the form's fields; other issues keep core's English message. */
  validation: {
    required: (label: string) => `${label} is required.`,
    tooShort: (label: string, min: number) => `${label} must be at least ${min} characters.`,
    tooLong: (label: string, max: number) => `${label} must be at most ${max} characters.`,
    oneLine: (label: string) => `${label} must be on one line without control characters.`,
    invisible: (label: string) => `${label} must not contain invisible characters such as direction marks or zero-width spaces.`,
    email: 'Enter an email address like name@example.com.',
    phone: 'Enter a phone number such as +1 555 010 2030, optionally with x123 for an extension.',
    honorific: 'Choose a title from the list.',
    userIdPattern: 'User ID may contain letters, digits, dots, dashes, underscores and @, and must start with a letter or digit.',
  },
  invalidLanguage: 'Choose a language from the list.',
  invalidTimeZone: 'Choose a time zone from the list.',
  // Problems the server or a client reports, by their code, for pages not in the server's language
  // (the server's own text is English; see base/problems.ts).
  problems: {
    validation: 'Some of the data is not valid.',
    unauthenticated: 'You are no longer signed in. Sign in again.',
    forbidden: 'You are not allowed to do this.',
    not_found: 'This no longer exists. It may have been deleted.',
    conflict: 'This conflicts with data that already exists.',
    precondition_failed: 'Someone else changed this in the meantime. Reload it and try again.',
    rate_limited: 'Too many requests. Wait a moment, then try again.',
    password_change_required: 'Change your password before you continue.',
    unsupported: 'This is not supported here.',
    network: 'The server cannot be reached. Check the connection and try again.',
    timeout: 'The server took too long to answer. Try again.',
    aborted: 'The request was cancelled.',
    invalid_response: 'The server sent an answer that could not be read.',
    server: 'Something went wrong on the server. Try again later.',
  },
  fieldProblems: {
    taken: (label: string) => `${label}: already taken. Choose another one.`,
    invalidAccount: 'Not an account you manage.',
    invalidToken: 'This link is invalid, used or expired.',
    unknownRole: 'Unknown role.',
    yesOrNo: 'Write yes or no.',
  },
  passwordTooShort: (min: number) => `The password must be at least ${min} characters.`,
  passwordTooLong: (max: number) => `The password must be at most ${max} characters.`,
  passwordBlank: 'The password must not be only spaces.',
  passwordLikeIdentity: 'The password must not be the user ID or the e-mail address.',
  passwordTooWeak: 'The password is too easy to guess. Avoid common passwords, names, dates and keyboard patterns, or add more words.',

  // base/shared-templates.ts: form and view
  contactLoadError: 'The contact could not be loaded.',
  // The titles of pages and dialogs the manager shows before their element has loaded (on demand).
  formCreateTitle: 'New contact',
  formEditTitle: 'Edit contact',
  viewTitle: 'Contact',
  rolesLabel: 'Roles',
  deleteTitle: 'Confirm delete',

  // Titles and the reference server's roles (ROLE_CATALOGUE of @portico/core) by id: base/labels.ts
  honorifics: {
    Mr: 'Mr',
    Ms: 'Ms',
    Mrs: 'Mrs',
    Miss: 'Miss',
    Mx: 'Mx',
    Dr: 'Dr',
    Prof: 'Prof',
  } as Record<string, string>,
  /** A name with its title, in the language's order. */
  withHonorific: (honorific: string, name: string) => `${honorific} ${name}`,
  roleTexts: {
    customer_admin: { name: 'Customer administrator', description: 'Manages the contacts, logins and roles of their account and its child organisations.' },
    partner_admin: { name: 'Partner administrator', description: 'Manages contacts of their own account and of the accounts they partner for.' },
    admin: { name: 'Administrator', description: 'Manages the whole company, sets and resets passwords and associates user accounts.' },
    admin_access: { name: 'Admin access', description: 'Access to all features of the customer portal.' },
    billing: { name: 'Billing', description: 'Access to the billing features only.' },
    reports: { name: 'Reports', description: 'Access to the reports only.' },
    create_work_order: { name: 'Create work order', description: 'May create work orders.' },
    edit_contacts: { name: 'Edit contacts', description: 'May add and edit the other contacts of the company.' },
  } as Record<string, { name: string; description: string }>,
};
