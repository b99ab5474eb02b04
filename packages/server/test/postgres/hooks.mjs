// Module hooks for the PostgreSQL test run (register.mjs installs them): every import of the
// server's db.ts, from the server's sources and from the tests alike, gets database.ts instead,
// whose createPgliteDatabase() is a fresh database on the test cluster. Modules in this folder
// still get the real db.ts (database.ts wraps it; a test here may want the real PGlite).
const realDb = new URL('../../src/db.ts', import.meta.url).href;
const replacement = new URL('./database.ts', import.meta.url).href;
const here = new URL('./', import.meta.url).href;

export const resolve = async (specifier, context, nextResolve) => {
  const result = await nextResolve(specifier, context);
  if (result.url.split('?')[0] === realDb && !(context.parentURL ?? '').startsWith(here)) {
    return { ...result, url: replacement, shortCircuit: true };
  }
  return result;
};
