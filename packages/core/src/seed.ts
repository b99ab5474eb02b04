import type { Account, Contact, Honorific, Role } from './schema.js';
import { ROLE_IDS } from './permissions.js';
import { suggestUserId } from './user-id.js';

/**
 * A realistic, deterministic dataset shared by the reference server's seed step, the
 * in-memory client, Storybook and the tests, so every run sees the same people.
 */

export const ROLE_CATALOGUE: Role[] = [
  { id: ROLE_IDS.customerAdmin, name: 'Customer administrator', description: 'Manages the contacts, logins and roles of their account and its child organisations.', kind: 'role' },
  { id: ROLE_IDS.partnerAdmin, name: 'Partner administrator', description: 'Manages contacts of their own account and of the accounts they partner for.', kind: 'role' },
  { id: ROLE_IDS.admin, name: 'Administrator', description: 'Manages the whole company, sets and resets passwords and associates user accounts.', kind: 'role' },
  { id: ROLE_IDS.adminAccess, name: 'Admin access', description: 'Access to all features of the customer portal.', kind: 'permission_set' },
  { id: ROLE_IDS.billing, name: 'Billing', description: 'Access to the billing features only.', kind: 'permission_set' },
  { id: ROLE_IDS.reports, name: 'Reports', description: 'Access to the reports only.', kind: 'permission_set' },
  { id: ROLE_IDS.createWorkOrder, name: 'Create work order', description: 'May create work orders.', kind: 'permission_set' },
  { id: ROLE_IDS.editContacts, name: 'Edit contacts', description: 'May add and edit the other contacts of the company.', kind: 'permission_set' },
];

export const SEED_ACCOUNTS: Account[] = [
  { id: 'acme', name: 'Acme Corporation', parentId: null },
  { id: 'acme-eu', name: 'Acme Europe', parentId: 'acme' },
  { id: 'acme-de', name: 'Acme Germany', parentId: 'acme-eu' },
  { id: 'acme-us', name: 'Acme Americas', parentId: 'acme' },
  { id: 'globex', name: 'Globex Industries', parentId: null },
  { id: 'globex-retail', name: 'Globex Retail', parentId: 'globex' },
  { id: 'initech', name: 'Initech', parentId: null },
];

/** The password of every demo and test login. Never use the seed outside demos and tests. */
export const DEMO_PASSWORD = 'portico-demo-password';

export type DemoRole = 'admin' | 'customer_admin' | 'partner_admin' | 'contact_editor' | 'contact' | 'other_tenant_admin';

export interface DemoViewer {
  role: DemoRole;
  label: string;
  contactId: string;
  userId: string;
  partnerAccountIds: string[];
}

interface Person {
  honorific: Honorific | null;
  firstName: string;
  lastName: string;
  jobTitle: string | null;
  language: string | null;
  timeZone: string | null;
}

const DEMO_PEOPLE: (Person & { id: string; accountId: string; roles: string[]; role: DemoRole; label: string; partnerAccountIds: string[] })[] = [
  { id: 'c-alice', accountId: 'acme', honorific: 'Ms', firstName: 'Alice', lastName: 'Martin', jobTitle: 'IT Director', language: 'en-GB', timeZone: 'Europe/London', roles: [ROLE_IDS.admin], role: 'admin', label: 'Administrator (admin)', partnerAccountIds: [] },
  { id: 'c-carlos', accountId: 'acme', honorific: 'Mr', firstName: 'Carlos', lastName: 'Ruiz', jobTitle: 'Office Manager', language: 'es-ES', timeZone: 'Europe/Madrid', roles: [ROLE_IDS.customerAdmin], role: 'customer_admin', label: 'Customer administrator', partnerAccountIds: [] },
  { id: 'c-priya', accountId: 'acme', honorific: 'Dr', firstName: 'Priya', lastName: 'Patel', jobTitle: 'Partner Manager', language: 'en-US', timeZone: 'America/New_York', roles: [ROLE_IDS.partnerAdmin], role: 'partner_admin', label: 'Partner administrator (partners for Initech)', partnerAccountIds: ['initech'] },
  { id: 'c-erin', accountId: 'acme', honorific: 'Mx', firstName: 'Erin', lastName: 'Walsh', jobTitle: 'Team Lead', language: 'en-IE', timeZone: 'Europe/Dublin', roles: [ROLE_IDS.editContacts], role: 'contact_editor', label: 'Contact editor (Edit contacts permission)', partnerAccountIds: [] },
  { id: 'c-victor', accountId: 'acme', honorific: 'Mr', firstName: 'Victor', lastName: 'Chen', jobTitle: 'Engineer', language: 'en-US', timeZone: 'America/Los_Angeles', roles: [ROLE_IDS.billing], role: 'contact', label: 'Contact without admin roles', partnerAccountIds: [] },
  { id: 'c-greta', accountId: 'globex', honorific: 'Ms', firstName: 'Greta', lastName: 'Lindqvist', jobTitle: 'Administrator', language: 'sv-SE', timeZone: 'Europe/Stockholm', roles: [ROLE_IDS.customerAdmin], role: 'other_tenant_admin', label: 'Customer administrator of another company (Globex)', partnerAccountIds: [] },
];

const FIRST_NAMES = [
  'Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'Lucas', 'Mia', 'Leon', 'Sofia', 'Mateo', 'Chloé', 'Jürgen', 'Zoë', 'Björn', 'Ines',
  'Hiroshi', 'Yuki', 'Aarav', 'Fatima', 'Omar', 'Anouk', 'Søren', 'Małgorzata', 'Đorđe', 'Siobhán', 'Kwame', 'Amara', 'Mei', 'Wei', 'Lars',
];
const LAST_NAMES = [
  'Smith', 'Müller', 'García', 'Rossi', 'Dubois', 'Nowak', 'Jensen', 'Kowalski', 'Novak', 'Okafor', "O'Brien", 'van der Berg',
  'Tanaka', 'Suzuki', 'Sharma', 'Haddad', 'Nakamura', 'Silva', 'Andersson', 'Papadopoulos', 'Fernández', 'Nguyen', 'Kim', 'Hansen',
];
/** Names in other scripts, so lists, exports and user ID suggestion meet them from the start. */
const INTERNATIONAL_PEOPLE: Person[] = [
  { honorific: null, firstName: 'さくら', lastName: '山田', jobTitle: '営業部長', language: 'ja-JP', timeZone: 'Asia/Tokyo' },
  { honorific: 'Mr', firstName: 'محمد', lastName: 'العلي', jobTitle: 'مدير المشتريات', language: 'ar-AE', timeZone: 'Asia/Dubai' },
  { honorific: 'Ms', firstName: 'Ольга', lastName: 'Иванова', jobTitle: 'Бухгалтер', language: 'ru-RU', timeZone: 'Europe/Moscow' },
  { honorific: 'Dr', firstName: 'Αλέξανδρος', lastName: 'Παπαδάκης', jobTitle: null, language: 'el-GR', timeZone: 'Europe/Athens' },
  { honorific: null, firstName: '伟', lastName: '王', jobTitle: '工程师', language: 'zh-CN', timeZone: 'Asia/Shanghai' },
];
const JOB_TITLES = ['Account Manager', 'Buyer', 'Controller', 'Engineer', 'Field Technician', 'HR Partner', 'Office Manager', 'Operations Lead', 'Procurement Specialist', 'Service Coordinator', 'Support Analyst', null];
const LANGUAGES: [string, string][] = [
  ['en-US', 'America/Chicago'], ['en-GB', 'Europe/London'], ['de-DE', 'Europe/Berlin'], ['fr-FR', 'Europe/Paris'],
  ['es-MX', 'America/Mexico_City'], ['pt-BR', 'America/Sao_Paulo'], ['nl-NL', 'Europe/Amsterdam'], ['en-AU', 'Australia/Sydney'],
];
const HONORIFIC_CHOICES: (Honorific | null)[] = ['Mr', 'Ms', 'Mx', 'Dr', 'Mrs', null];
const MANAGED_ACCOUNTS = ['acme', 'acme-eu', 'acme-de', 'acme-us', 'acme', 'globex', 'globex-retail', 'initech'];
const PERMISSION_SETS = [ROLE_IDS.billing, ROLE_IDS.reports, ROLE_IDS.createWorkOrder, ROLE_IDS.editContacts];

/** A small deterministic generator (mulberry32), so the dataset is the same on every machine. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const pick = <T>(next: () => number, list: readonly T[]): T => list[Math.floor(next() * list.length)]!;

const emailPart = (name: string) =>
  name.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').replace(/[łŁ]/g, 'l').replace(/[øØ]/g, 'o').replace(/ß/g, 'ss').toLowerCase().replace(/[^a-z0-9]+/g, '') || 'contact';

const SEED_EPOCH = Date.UTC(2025, 0, 6, 9, 0, 0);

export interface SeedData {
  accounts: Account[];
  roles: Role[];
  contacts: Contact[];
  demoViewers: DemoViewer[];
  /**
   * User accounts that exist with no contact yet, for the association procedure (seed 003). Each
   * belongs to one company (`tenantId`, a root account): only that company's administrators see
   * and associate it.
   */
  unassociatedUsers: { id: string; userId: string; displayName: string; email: string; tenantId: string }[];
}

/**
 * Builds the dataset: the demo viewers, `count` generated contacts (default about 200) with
 * every login state, two contacts named John Smith (the second has no user ID, seed 000),
 * names in several scripts, and a few free user accounts.
 */
export const createSeedData = ({ count = 200 }: { count?: number } = {}): SeedData => {
  const next = random(20250416);
  const contacts: Contact[] = [];
  const usedUserIds = new Set<string>();
  let sequence = 0;

  const add = (person: Person, options: { id?: string; accountId: string; roles?: string[]; loginState?: Contact['login']['state']; lockReason?: Contact['login']['lockReason']; userId?: string | null }) => {
    sequence += 1;
    const created = new Date(SEED_EPOCH + sequence * 3_600_000).toISOString();
    const suggested = options.userId === undefined ? suggestUserId(person.firstName, person.lastName) : options.userId;
    const userId = suggested && !usedUserIds.has(suggested) ? suggested : null;
    if (userId) usedUserIds.add(userId);
    // Without a user ID there can be no login (seed 000): the administrator must type one first.
    const state = userId ? (options.loginState ?? 'enabled') : 'none';
    const domain = options.accountId.startsWith('globex') ? 'globex.example' : options.accountId === 'initech' ? 'initech.example' : 'acme.example';
    const local = `${emailPart(person.firstName)}.${emailPart(person.lastName)}${sequence > 6 ? sequence : ''}`;
    contacts.push({
      id: options.id ?? `c-${String(sequence).padStart(5, '0')}`,
      accountId: options.accountId,
      honorific: person.honorific,
      firstName: person.firstName,
      lastName: person.lastName,
      jobTitle: person.jobTitle,
      email: `${local}@${domain}`,
      businessPhone: next() < 0.8 ? `+1 555 01${String(Math.floor(next() * 100)).padStart(2, '0')} ${String(1000 + sequence).slice(-4)}` : null,
      mobilePhone: next() < 0.5 ? `+44 7700 9${String(sequence).padStart(5, '0')}` : null,
      language: person.language,
      timeZone: person.timeZone,
      notifications: next() < 0.85,
      userId,
      roles: options.roles ?? [],
      login: {
        state,
        lockReason: state === 'locked' ? (options.lockReason ?? 'admin') : null,
        lockedAt: state === 'locked' ? new Date(SEED_EPOCH + sequence * 3_600_000 + 86_400_000).toISOString() : null,
        failedSignIns: state === 'locked' && options.lockReason === 'failed_sign_ins' ? 5 : 0,
        passwordChangeRequired: false,
        lastSignInAt: state === 'none' ? null : new Date(SEED_EPOCH + sequence * 7_200_000).toISOString(),
      },
      createdAt: created,
      updatedAt: created,
      version: 1,
    });
  };

  for (const person of DEMO_PEOPLE) add(person, { id: person.id, accountId: person.accountId, roles: person.roles, loginState: 'enabled' });

  // Two contacts with the same first and last name: the second gets no user ID (seed 000).
  add({ honorific: 'Mr', firstName: 'John', lastName: 'Smith', jobTitle: 'Buyer', language: 'en-US', timeZone: 'America/Chicago' }, { accountId: 'acme', loginState: 'enabled' });
  add({ honorific: 'Mr', firstName: 'John', lastName: 'Smith', jobTitle: 'Field Technician', language: 'en-GB', timeZone: 'Europe/London' }, { accountId: 'acme-eu' });

  INTERNATIONAL_PEOPLE.forEach((person, index) => add(person, { accountId: MANAGED_ACCOUNTS[index % 4]! }));

  const target = Math.max(count, contacts.length);
  while (contacts.length < target) {
    const [language, timeZone] = pick(next, LANGUAGES);
    const roll = next();
    const loginState = roll < 0.62 ? 'enabled' : roll < 0.75 ? 'none' : roll < 0.87 ? 'disabled' : 'locked';
    add(
      { honorific: pick(next, HONORIFIC_CHOICES), firstName: pick(next, FIRST_NAMES), lastName: pick(next, LAST_NAMES), jobTitle: pick(next, JOB_TITLES), language, timeZone },
      {
        accountId: pick(next, MANAGED_ACCOUNTS),
        roles: next() < 0.35 ? [pick(next, PERMISSION_SETS)] : [],
        loginState,
        lockReason: next() < 0.5 ? 'admin' : 'failed_sign_ins',
      },
    );
  }

  return {
    accounts: SEED_ACCOUNTS.map((account) => ({ ...account })),
    roles: ROLE_CATALOGUE.map((role) => ({ ...role })),
    contacts,
    demoViewers: DEMO_PEOPLE.map((person) => ({
      role: person.role,
      label: person.label,
      contactId: person.id,
      userId: suggestUserId(person.firstName, person.lastName)!,
      partnerAccountIds: person.partnerAccountIds,
    })),
    unassociatedUsers: [
      { id: 'u-free-1', userId: 'jordan.lee', displayName: 'Jordan Lee', email: 'jordan.lee@acme.example', tenantId: 'acme' },
      { id: 'u-free-2', userId: 'sam.taylor', displayName: 'Sam Taylor', email: 'sam.taylor@acme.example', tenantId: 'acme' },
      { id: 'u-free-3', userId: 'riley.morgan', displayName: 'Riley Morgan', email: 'riley.morgan@globex.example', tenantId: 'globex' },
    ],
  };
};
