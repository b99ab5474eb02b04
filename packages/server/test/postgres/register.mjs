// `node --import tsx --import ./register.mjs`: installs hooks.mjs (after tsx, so tsx resolves and loads the TypeScript).
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
