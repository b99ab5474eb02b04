// The demo portal: the reference server plus Vite serving demo/ on one origin, so cookies and
// CSRF work as they do when a real portal embeds Portico. Used by `npm start` and the demo test.
import { createServer, defaultClientConditions } from 'vite';
import { startServer, type StartServerOptions } from '@portico/server';

export interface DemoOptions extends Pick<StartServerOptions, 'dataDir' | 'memory' | 'reset'> {
  /** Port of the demo page; 0 picks a free one. */
  port?: number;
  /** Port of the reference server; 0 picks a free one. */
  apiPort?: number;
  /** `scim`: also a seeded SCIM server (scimmy) under /scim, and the page on the SCIM adapter. */
  backend?: 'rest' | 'scim';
}

export interface RunningDemo {
  url: string;
  apiUrl: string;
  close(): Promise<void>;
}

export const startDemo = async ({ port = 5173, apiPort = 8787, backend = 'rest', ...storage }: DemoOptions = {}): Promise<RunningDemo> => {
  // Mailed links open the portal, not the API: its origin is known once Vite listens.
  let portalOrigin = '';
  const api = await startServer({ host: '127.0.0.1', port: apiPort, demo: true, publicUrl: () => portalOrigin, ...storage });
  // Loaded only when asked for: scimmy keeps its configuration in module state.
  const scim = backend === 'scim' ? await (await import('../test/servers/scim-server.js')).startScimServer() : undefined;
  try {
    const vite = await createServer({
      root: new URL('../demo', import.meta.url).pathname,
      configFile: false,
      logLevel: 'warn',
      clearScreen: false,
      resolve: { conditions: ['source', ...defaultClientConditions] },
      server: {
        host: '127.0.0.1',
        port,
        strictPort: false,
        hmr: port !== 0,
        proxy: { '/api': { target: api.url }, ...(scim ? { '/scim/v2': { target: new URL(scim.url).origin } } : {}) },
      },
    });
    await vite.listen();
    const address = vite.httpServer?.address();
    const origin = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}/` : `http://127.0.0.1:${port}/`;
    portalOrigin = origin;
    const url = scim ? `${origin}scim.html` : origin;
    return {
      url,
      apiUrl: api.url,
      close: async () => {
        await vite.close();
        await scim?.close();
        await api.close();
      },
    };
  } catch (error) {
    await scim?.close();
    await api.close();
    throw error;
  }
};
