import { html, nothing, type TemplateResult } from 'lit';
import type { Contact } from '@portico/core';
import type { FormController } from '../base/form-controller.js';
import type { PorticoStrings } from '../i18n/en.js';
import type { ContactField as Field } from './contact-fields.js';

/** What the contact form's field templates read: the strings (live, for a language change) and the form. */
export interface FieldContext {
  readonly host: { readonly t: PorticoStrings };
  readonly form: FormController<Field, Contact>;
}

export type TextField = Exclude<Field, 'notifications' | 'honorific' | 'accountId'>;

export interface TextOptions {
  type?: string;
  autocomplete?: string;
  list?: string;
  hint?: string;
  disabled?: boolean;
  onBlur?: (event: Event) => void;
  onFocus?: (event: Event) => void;
}

/** A field's wrapper: its label (marked when the schema requires it), the control, the hint and the errors. */
export const renderField = (ctx: FieldContext, field: Field, hint: string, control: (described: { invalid: 'true' | 'false'; describedBy: string | typeof nothing }) => TemplateResult): TemplateResult => {
  const errors = ctx.form.errors[field] ?? [];
  const ids = [errors.length > 0 ? `${field}-error` : '', hint ? `${field}-hint` : ''].filter(Boolean);
  return html`<div class="field" part="field">
    <label for=${field}
      >${ctx.host.t.fields[field]}${ctx.form.required(field)
        ? html`<span class="required" aria-hidden="true">*</span><span class="visually-hidden"> (${ctx.host.t.required})</span>`
        : nothing}</label
    >
    ${control({ invalid: errors.length > 0 ? 'true' : 'false', describedBy: ids.length > 0 ? ids.join(' ') : nothing })}
    ${hint ? html`<p class="hint" id=${`${field}-hint`}>${hint}</p>` : nothing}
    ${errors.length > 0 ? html`<p class="field-error" part="error" id=${`${field}-error`}>${errors.join(' ')}</p>` : nothing}
  </div>`;
};

export const renderTextField = (ctx: FieldContext, field: TextField, options: TextOptions = {}) =>
  renderField(
    ctx,
    field,
    options.hint ?? '',
    ({ invalid, describedBy }) => html`<input
      id=${field}
      name=${field}
      type=${options.type ?? 'text'}
      autocomplete=${options.autocomplete ?? nothing}
      list=${options.list ?? nothing}
      maxlength=${ctx.form.maxLength(field) ?? nothing}
      ?required=${ctx.form.required(field)}
      ?disabled=${options.disabled ?? false}
      aria-invalid=${invalid}
      aria-describedby=${describedBy}
      .value=${ctx.form.text(field)}
      @blur=${options.onBlur ?? nothing}
      @focus=${options.onFocus ?? nothing}
    />`,
  );

export const renderSelectField = (ctx: FieldContext, field: 'honorific', choices: [string, string][]) =>
  renderField(
    ctx,
    field,
    '',
    ({ invalid, describedBy }) => html`<select id=${field} name=${field} aria-invalid=${invalid} aria-describedby=${describedBy}>
      ${choices.map(([value, label]) => html`<option value=${value} ?selected=${ctx.form.values[field] === value}>${label}</option>`)}
    </select>`,
  );

export const renderSwitchField = (ctx: FieldContext) => {
  return html`<div class="field" part="field">
    <div class="switch">
      <input
        id="notifications"
        name="notifications"
        type="checkbox"
        role="switch"
        aria-describedby="notifications-hint"
        .checked=${ctx.form.values.notifications === true}
      />
      <label for="notifications">${ctx.host.t.fields.notifications}</label>
    </div>
    <p class="hint" id="notifications-hint">${ctx.host.t.notificationsHint}</p>
  </div>`;
};
