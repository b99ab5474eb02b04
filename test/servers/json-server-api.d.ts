// json-server 0.17 ships no types; the test uses this much of its programmatic API.
declare module 'json-server' {
  import type { Express, RequestHandler, Router } from 'express-serve-static-core';
  interface LowChain {
    value(): unknown;
    get(key: string): LowChain;
    getById(id: string): LowChain;
  }
  interface JsonRouter extends Router {
    db: LowChain & { setState(state: object): void; getState(): object };
  }
  const jsonServer: {
    create(): Express;
    router(db: object, options?: { foreignKeySuffix?: string }): JsonRouter;
    defaults(options?: { logger?: boolean; static?: string; noCors?: boolean }): RequestHandler[];
    bodyParser: RequestHandler[];
  };
  export default jsonServer;
}
