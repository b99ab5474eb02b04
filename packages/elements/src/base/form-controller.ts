import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { errorsByField, type FieldError } from '@portico/core';
import type { PorticoStrings } from '../i18n/en.js';
import { localizedErrors, type ValidationIssue } from './validation.js';
import { localizedFieldErrors } from './problems.js';

/** A field's value as its input holds it: the text, or a checkbox's state. */
export type FieldValue = string | boolean;

/** The inside of a zod (mini) schema that the constraints are read from (zod 4's `_zod.def`). */
interface SchemaDefinition {
  readonly type: string;
  readonly shape?: Readonly<Record<string, FormSchema>>;
  readonly innerType?: { readonly _zod: { readonly def: SchemaDefinition } };
  readonly in?: { readonly _zod: { readonly def: SchemaDefinition } };
  readonly out?: { readonly _zod: { readonly def: SchemaDefinition } };
  readonly checks?: readonly { readonly _zod: { readonly def: { readonly check: string; readonly maximum?: unknown } } }[];
}

/** What the controller uses of a zod (mini) schema such as core's `ContactDraft`: parsing, and its definition. */
export interface FormSchema {
  safeParse(value: unknown): { success: true; data: unknown } | { success: false; error: { issues: readonly ValidationIssue[] } };
  readonly _zod: { readonly def: SchemaDefinition };
}

/** A field whose text is not the stored value, such as a language shown by its name. */
export interface FieldCodec {
  /** The stored value as the input shows it. */
  format(value: unknown): string;
  /** The trimmed, non-empty text as the value to validate and save; `undefined` when it names nothing. */
  parse(text: string): unknown;
  /** The message when `parse` found nothing. */
  unreadable(t: PorticoStrings): string;
}

export interface FormControllerOptions<F extends string> {
  /** The schema of a new record (core's `ContactDraft`). */
  create: FormSchema;
  /** The schema of a change to a loaded record (core's `ContactPatch`); its keys are the form's fields, in order. */
  update: FormSchema;
  /** Values of an empty form other than '' and `false`. */
  defaults?: Partial<Record<F, FieldValue>>;
  codecs?: Partial<Record<F, FieldCodec>>;
}

/** The element a form controller serves: its strings and locale for the messages, its root to focus in. */
export type FormHost = ReactiveControllerHost & {
  readonly t: PorticoStrings;
  readonly locale: string;
  readonly renderRoot: HTMLElement | DocumentFragment;
};

const generateKey = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;

/** The smallest `maxLength` check anywhere in a field's schema (through optional, nullable and pipes). */
const maxLengthOf = (def: SchemaDefinition): number | undefined => {
  const limits = (def.checks ?? [])
    .map((check) => check._zod.def)
    .filter((check) => check.check === 'max_length')
    .map((check) => Number(check.maximum));
  for (const inner of [def.innerType, def.in, def.out]) {
    const limit = inner && maxLengthOf(inner._zod.def);
    if (limit !== undefined) limits.push(limit);
  }
  return limits.length > 0 ? Math.min(...limits) : undefined;
};

const shapeOf = (schema: FormSchema): Readonly<Record<string, FormSchema>> => schema._zod.def.shape ?? {};

/**
 * The model of a form over core's schemas, so the form keeps no rules of its own: the fields and
 * their order, which are checkboxes, which are required and how long each may be all come from the
 * schemas. It holds the values and the record they were loaded from (dirty tracking and the
 * change set of an update), validates a field or the whole form with the schema, shows a field's
 * error once the form was submitted and then clears it (or updates it) on every input, puts a
 * server's field errors on the same fields, focuses the first invalid field after a submit, and
 * keeps an idempotency key until a create succeeds. Messages are in the host's language
 * (`localizedErrors`, `localizedFieldErrors`).
 */
export class FormController<F extends string, R extends object> implements ReactiveController {
  /** The fields, in the schema's order: the order of the inputs and of the error summary. */
  readonly fields: readonly F[];
  /** The record as loaded or last saved; null for a new one. */
  base: R | null = null;
  values: Readonly<Record<F, FieldValue>>;
  /** The values as loaded: what `dirty` compares with. */
  initial: Readonly<Record<F, FieldValue>>;
  /** Messages by field; only fields with errors have an entry. */
  errors: Readonly<Record<string, readonly string[] | undefined>> = {};
  /** A message about the whole form besides the field errors: a failed request, errors of fields the form has not. */
  message = '';
  /** Sent with a create, kept through failures so a retry cannot create twice, renewed after a success. */
  idempotencyKey = generateKey();

  private readonly booleans: ReadonlySet<F>;
  private readonly requiredFields: ReadonlySet<F>;
  private readonly nullable: ReadonlySet<F>;
  private readonly maxLengths: ReadonlyMap<F, number>;
  /** Fields that have shown an error: validated on every input from then on. */
  private readonly watched = new Set<F>();
  private focusPending = false;

  constructor(
    private readonly host: FormHost,
    private readonly options: FormControllerOptions<F>,
  ) {
    host.addController(this);
    this.fields = Object.keys(shapeOf(options.update)) as F[];
    const draft = shapeOf(options.create);
    const update = shapeOf(options.update);
    const schemaOf = (field: F) => draft[field] ?? update[field]!;
    const accepts = (field: F, value: unknown) => schemaOf(field).safeParse(value).success;
    this.booleans = new Set(this.fields.filter((field) => accepts(field, true)));
    this.nullable = new Set(this.fields.filter((field) => accepts(field, null)));
    // Required: nothing stands for "empty" (not undefined, null nor an empty text).
    this.requiredFields = new Set(this.fields.filter((field) => !['', null, undefined].some((empty) => accepts(field, empty))));
    this.maxLengths = new Map(
      this.fields
        .filter((field) => !options.codecs?.[field])
        .flatMap((field) => {
          const limit = maxLengthOf(schemaOf(field)._zod.def);
          return limit === undefined ? [] : [[field, limit] as const];
        }),
    );
    this.values = this.initial = this.valuesFrom(null);
  }

  hostUpdated(): void {
    if (!this.focusPending) return;
    this.focusPending = false;
    const first = this.invalidFields[0];
    if (first) this.host.renderRoot.querySelector<HTMLElement>(`#${first}`)?.focus();
  }

  /** Whether anything differs from the record as loaded (or from the empty form). */
  get dirty(): boolean {
    return this.fields.some((field) => this.values[field] !== this.initial[field]);
  }

  /** The fields showing an error, in order. */
  get invalidFields(): F[] {
    return this.fields.filter((field) => this.errors[field]?.length);
  }

  isBoolean(field: F): boolean {
    return this.booleans.has(field);
  }

  /** Whether the schema of a new record refuses the field empty. */
  required(field: F): boolean {
    return this.requiredFields.has(field);
  }

  /** The schema's longest value of a text field whose text is its value. */
  maxLength(field: F): number | undefined {
    return this.maxLengths.get(field);
  }

  text(field: F): string {
    const value = this.values[field];
    return typeof value === 'string' ? value : '';
  }

  /** Takes a record (or none) as the base: its values, no errors, nothing dirty. */
  load(record: R | null): void {
    this.base = record;
    this.values = this.initial = this.valuesFrom(record);
    this.clearErrors();
  }

  /** Empties the form for a new record, with a new idempotency key. */
  reset(): void {
    this.load(null);
    this.idempotencyKey = generateKey();
  }

  /** After a successful save: the saved record is the base, and the next create gets a new key. */
  saved(record: R): void {
    this.idempotencyKey = generateKey();
    this.load(record);
  }

  /** Puts the values back as loaded. */
  discard(): void {
    this.values = this.initial;
    this.clearErrors();
  }

  /**
   * The page's language changed: a field shown through a codec (a language by its name) that the
   * user has not changed shows the loaded value in the new language. What the user typed stays.
   */
  relocalize(): void {
    if (!this.options.codecs) return;
    const fresh = this.valuesFrom(this.base);
    const values: Record<F, FieldValue> = { ...this.values };
    const initial: Record<F, FieldValue> = { ...this.initial };
    for (const field of Object.keys(this.options.codecs) as F[]) {
      if (values[field] !== initial[field] || initial[field] === '') continue;
      values[field] = initial[field] = fresh[field];
    }
    this.values = values;
    this.initial = initial;
    this.host.requestUpdate();
  }

  /**
   * A value that counts as loaded, such as a default the host learns late (not dirty). A field
   * that showed an error is checked again, as on `set`: a save tried before the default arrived
   * leaves no error beside the value that is there now.
   */
  setInitial(field: F, value: FieldValue): void {
    this.values = { ...this.values, [field]: value };
    this.initial = { ...this.initial, [field]: value };
    if (this.watched.has(field)) this.setError(field, this.validateField(field));
    this.host.requestUpdate();
  }

  /** The user changed a field. A field that showed an error is checked again: its error goes as soon as it is valid. */
  set(field: F, value: FieldValue): void {
    this.values = { ...this.values, [field]: value };
    if (this.watched.has(field)) this.setError(field, this.validateField(field));
    this.host.requestUpdate();
  }

  /** Shows (or, with none, clears) a field's messages. */
  setError(field: F, messages: readonly string[] | undefined): void {
    const { [field]: _previous, ...others } = this.errors;
    this.errors = messages?.length ? { ...others, [field]: messages } : others;
    if (messages?.length) this.watched.add(field);
    this.host.requestUpdate();
  }

  setMessage(message: string): void {
    this.message = message;
    this.host.requestUpdate();
  }

  clearErrors(): void {
    this.errors = {};
    this.message = '';
    this.watched.clear();
    this.host.requestUpdate();
  }

  /** One field's messages under the schema, or undefined when it is valid. */
  validateField(field: F): string[] | undefined {
    const read = this.read(field);
    if ('unreadable' in read) return [read.unreadable];
    const schema = shapeOf(this.base ? this.options.update : this.options.create)[field];
    const parsed = schema?.safeParse(read.value);
    if (!parsed || parsed.success) return undefined;
    const issues = parsed.error.issues.map((issue) => ({ ...issue, path: [field, ...issue.path] }));
    return Object.values(localizedErrors(issues, this.host.t)).flat();
  }

  /**
   * Checks the whole form: a create against the create schema, an update's changed fields against
   * the update schema. Shows every error and focuses the first; the values to send when valid.
   */
  validate(): { data: Record<string, unknown> } | undefined {
    const base = this.base as Record<string, unknown> | null;
    const schema = base ? this.options.update : this.options.create;
    const data: Record<string, unknown> = {};
    const errors: Record<string, string[]> = {};
    for (const field of this.fields.filter((name) => name in shapeOf(schema))) {
      const read = this.read(field);
      if ('unreadable' in read) errors[field] = [read.unreadable];
      else if (!base || read.value !== (base[field] ?? null)) data[field] = read.value;
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) for (const [path, messages] of Object.entries(localizedErrors(parsed.error.issues, this.host.t))) errors[path] ??= messages;
    this.show(errors);
    return parsed.success && Object.keys(errors).length === 0 ? { data: parsed.data as Record<string, unknown> } : undefined;
  }

  /**
   * A server's field errors (`ContactsError.fieldErrors`) on the same fields; those of fields the
   * form has not go to `message`. False when none of them is a field of the form.
   */
  showServerErrors(fieldErrors: readonly FieldError[]): boolean {
    const errors = errorsByField(localizedFieldErrors(fieldErrors, this.host.t, this.host.locale));
    if (!this.fields.some((field) => errors[field]?.length)) return false;
    this.show(errors);
    return true;
  }

  /**
   * After a conflict: the latest record becomes the base and what the user changed stays.
   * Returns the fields someone else changed meanwhile.
   */
  rebase(latest: R): F[] {
    const typed = this.values;
    const before = this.initial;
    const edited = this.fields.filter((field) => typed[field] !== before[field]);
    this.load(latest);
    const changedElsewhere = this.fields.filter((field) => before[field] !== this.initial[field]);
    this.values = { ...this.values, ...Object.fromEntries(edited.map((field) => [field, typed[field]])) };
    return changedElsewhere;
  }

  private show(errors: Record<string, readonly string[]>): void {
    const own = (path: string): path is F => (this.fields as readonly string[]).includes(path);
    this.errors = Object.fromEntries(Object.entries(errors).filter(([path, messages]) => own(path) && messages.length > 0));
    this.message = Object.entries(errors)
      .filter(([path]) => !own(path))
      .flatMap(([, messages]) => messages)
      .join(' ');
    this.watched.clear();
    for (const field of this.invalidFields) this.watched.add(field);
    this.focusPending = this.invalidFields.length > 0;
    this.host.requestUpdate();
  }

  /** A field's value for the schema: trimmed text, null when empty (or '' where null is not allowed), or what its codec reads. */
  private read(field: F): { value: unknown } | { unreadable: string } {
    const value = this.values[field];
    if (typeof value === 'boolean') return { value };
    const text = value.trim();
    if (!text) return { value: this.nullable.has(field) ? null : '' };
    const codec = this.options.codecs?.[field];
    if (!codec) return { value: text };
    const parsed = codec.parse(text);
    return parsed === undefined ? { unreadable: codec.unreadable(this.host.t) } : { value: parsed };
  }

  private valuesFrom(record: R | null): Record<F, FieldValue> {
    const stored = (record ?? {}) as Record<string, unknown>;
    const entries = this.fields.map((field) => {
      const value = stored[field];
      if (this.booleans.has(field)) return [field, typeof value === 'boolean' ? value : (this.options.defaults?.[field] ?? false)];
      if (value === undefined || value === null) return [field, this.options.defaults?.[field] ?? ''];
      const codec = this.options.codecs?.[field];
      return [field, codec ? codec.format(value) : String(value)];
    });
    return Object.fromEntries(entries) as Record<F, FieldValue>;
  }
}
