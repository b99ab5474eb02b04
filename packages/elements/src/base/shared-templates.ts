import { html, type TemplateResult } from 'lit';
import { TaskStatus, type Task } from '@lit/task';
import type { PorticoStrings } from '../i18n/en.js';
import { messageOf } from './portico-element.js';

/** An e-mail address that may wrap after its `@` (a table column then needs only the longer half). */
export const wrappableEmail = (email: string): TemplateResult | string => {
  const at = email.lastIndexOf('@');
  return at > 0 ? html`${email.slice(0, at + 1)}<wbr />${email.slice(at + 1)}` : email;
};

/** What an element shows while the contact it needs loads: the failure with Retry, or Loading. */
export const contactLoadState = (
  t: PorticoStrings,
  task: Task<readonly unknown[], unknown>,
  describe: (error: unknown) => string = (error) => messageOf(error, ''),
): TemplateResult =>
  task.status === TaskStatus.ERROR
    ? html`<div class="message error" role="alert">
        ${t.contactLoadError} ${describe(task.error)}
        <button type="button" @click=${() => task.run()}>${t.retry}</button>
      </div>`
    : html`<p aria-busy="true">${t.loading}</p>`;

/** Hands a file to the browser's download, from inside a shadow root, and frees its URL after. */
export const downloadBlob = (root: ParentNode, blob: Blob, fileName: string): void => {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  root.appendChild(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click's task ends.
  setTimeout(() => URL.revokeObjectURL(url), 0);
};
