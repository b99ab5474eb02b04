import { css, html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { LIMITS, loadPasswordStrength, passwordRules, type PasswordContext, type PasswordRule, type PasswordStrength } from '@portico/core';
import type { PorticoStrings } from '../i18n/en.js';

/** The checklist's look, for every element that renders `renderPasswordRules`. */
export const passwordRulesStyles = css`
  .rules {
    margin: 0;
    padding: 0;
    list-style: none;
    display: grid;
    gap: 0.125rem;
    font-size: 0.875em;
    color: var(--portico-color-text-muted, light-dark(#4b5563, #aab2bd));
  }
  .rules li {
    display: flex;
    gap: 0.375rem;
  }
  .rules .mark {
    inline-size: 1em;
    flex: none;
    text-align: center;
  }
  .rules .met {
    color: var(--portico-color-success, light-dark(#166534, #81c995));
  }
`;

/**
 * The new-password checklist of `<password-reset>`, `<password-change>` and `<password-choose>`: core's rules as they
 * are met while the user types (the maximum is kept by the input's maxlength, so it is not listed).
 */
export const renderPasswordRules = (t: PorticoStrings, password: string, context: PasswordContext, strength: PasswordStrength | undefined, id: string) => {
  const labels: Record<Exclude<PasswordRule, 'maxLength'>, string> = {
    length: t.passwordHint(LIMITS.passwordMin),
    notBlank: t.passwordRuleNotBlank,
    notIdentity: t.passwordRuleNotIdentity,
    strength: t.passwordRuleStrength,
  };
  const checks = passwordRules(password, context, strength).filter((check): check is typeof check & { rule: keyof typeof labels } => check.rule !== 'maxLength');
  return html`<ul id=${id} class="rules" part="rules" aria-label=${t.passwordRulesLabel}>
    ${checks.map(
      ({ rule, met }) =>
        html`<li class=${met ? 'met' : ''} data-rule=${rule}>
          <span class="mark" aria-hidden="true">${met ? '✓' : '○'}</span>
          <span>${labels[rule]}<span class="visually-hidden"> (${met ? t.passwordRuleMet : t.passwordRuleUnmet})</span></span>
        </li>`,
    )}
  </ul>`;
};

/** One labelled password input with its error below; `describedBy` names the checklist. */
export const renderPasswordInput = (options: {
  id: string;
  label: string;
  value: string;
  autocomplete: 'current-password' | 'new-password';
  error: string;
  disabled: boolean;
  describedBy?: string;
  extra?: unknown;
  onInput: (value: string) => void;
}) => {
  const invalid = options.error !== '';
  const describedBy = [options.describedBy, invalid ? `${options.id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field">
    <label for=${options.id}>${options.label}</label>
    <input
      id=${options.id}
      part=${options.id}
      type="password"
      name=${options.id}
      autocomplete=${options.autocomplete}
      maxlength=${LIMITS.password}
      required
      .value=${options.value}
      ?disabled=${options.disabled}
      aria-invalid=${invalid ? 'true' : 'false'}
      aria-describedby=${describedBy || nothing}
      @input=${(event: Event) => options.onInput((event.target as HTMLInputElement).value)}
    />
    ${options.extra ?? nothing} ${invalid ? html`<span id=${`${options.id}-error`} class="error-text">${options.error}</span>` : nothing}
  </div>`;
};

/**
 * The password strength check (its dictionary is a chunk of its own) for a form that asks for a new
 * password: loaded when the form is connected, `value` until then `undefined` (the checklist
 * leaves the strength rule open and the server still checks it; offline it stays so).
 */
export class PasswordStrengthController implements ReactiveController {
  value: PasswordStrength | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.value) return;
    void loadPasswordStrength().then(
      (strength) => {
        this.value = strength;
        this.host.requestUpdate();
      },
      () => undefined,
    );
  }
}
