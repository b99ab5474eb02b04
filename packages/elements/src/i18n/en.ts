import { enShared } from './en-shared.js';
import { enContactList } from './en-contact-list.js';
import { enContactForm } from './en-contact-form.js';
import { enRolePicker } from './en-role-picker.js';
import { enLoginToggle } from './en-login-toggle.js';
import { enPasswordReset } from './en-password-reset.js';
import { enContactView } from './en-contact-view.js';
import { enContactDelete } from './en-contact-delete.js';
import { enUserAssociate } from './en-user-associate.js';
import { enContactManager } from './en-contact-manager.js';
import { enContactExport } from './en-contact-export.js';
import { enContactImport } from './en-contact-import.js';
import { enSelfService } from './en-self-service.js';

/**
 * Every visible string of the elements, in English. A host overrides single strings through
 * an element's `i18n` property; plural forms and sentences with values are functions.
 *
 * The sum of the parts in `en-*.ts`: importing `en` takes all of them. The elements do not: each
 * lists the parts it shows in `englishParts`, added to the English in use when its tag is
 * defined, so a page carries the English of the elements it loads.
 */
export const en = {
  ...enShared,
  ...enContactList,
  ...enContactForm,
  ...enRolePicker,
  ...enLoginToggle,
  ...enPasswordReset,
  ...enContactView,
  ...enContactDelete,
  ...enUserAssociate,
  ...enContactManager,
  ...enContactExport,
  ...enContactImport,
  ...enSelfService,
};

export type PorticoStrings = typeof en;

/** The parts of English, in the order `en` spreads them: one line here for each part there. */
export type EnglishParts = [
  typeof enShared,
  typeof enContactList,
  typeof enContactForm,
  typeof enRolePicker,
  typeof enLoginToggle,
  typeof enPasswordReset,
  typeof enContactView,
  typeof enContactDelete,
  typeof enUserAssociate,
  typeof enContactManager,
  typeof enContactExport,
  typeof enContactImport,
  typeof enSelfService,
];
type KeysOf<Part> = Part extends object ? keyof Part : never;
/** The keys in more than one part: a later part would replace the earlier without a word. */
type Repeated<Parts extends readonly object[], Seen extends PropertyKey = never> = Parts extends [
  infer Head extends object,
  ...infer Rest extends object[],
]
  ? (keyof Head & Seen) | Repeated<Rest, Seen | keyof Head>
  : never;
type None<Keys extends never> = Keys;
/**
 * Type checks, each failing `npx tsc -b` with the key it is about: no key is in two parts, and
 * the parts hold exactly the keys of `PorticoStrings`.
 */
export type EnglishPartsChecked = [
  None<Repeated<EnglishParts>>,
  None<Exclude<keyof PorticoStrings, KeysOf<EnglishParts[number]>>>,
  None<Exclude<KeysOf<EnglishParts[number]>, keyof PorticoStrings>>,
];
