// Imported first by index.ts, before any zod schema is built. zod compiles object parsers with
// `new Function` and probes for it once; under a strict CSP (no 'unsafe-eval', Trusted Types) the
// probe is reported as a violation even though zod catches it. Jitless mode parses the same way
// without compiling, so the bundle runs under the policy of docs/security.md without a report.
import { config } from 'zod/mini';

config({ jitless: true });
