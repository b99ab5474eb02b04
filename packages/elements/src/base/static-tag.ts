import { unsafeStatic, type StaticValue } from 'lit/static-html.js';

const tags = new Map<string, StaticValue>();

/**
 * A tag for a template of `lit/static-html.js` (`` staticHtml`<${staticTag(this.tagOf('contact-list'))}>…` ``),
 * one value per tag. Only for tags from `PorticoElement.tagOf()`: names a registry accepted, or an
 * element's own dependency names, never text from outside. In a module of its own, so that
 * elements that render no other element do not carry `lit/static-html.js`.
 */
export const staticTag = (tag: string): StaticValue => {
  let value = tags.get(tag);
  if (!value) {
    value = unsafeStatic(tag);
    tags.set(tag, value);
  }
  return value;
};
