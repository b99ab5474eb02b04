// The demo portal: the reference server plus Vite serving demo/ on one origin, so cookies and
// CSRF work as they do when a real portal embeds Portico. Used by `npm start` and the demo test.
import { createServer, defaultClientConditions } from 'vite';
import { startServer, type StartServerOptions } from '@portico/server';

export interface DemoOptions extends Pick<StartServerOptions, 'dataDir' | 'memory' | 'reset' | 'now'> {
  /** Port of the demo page; 0 picks a free one. */
  port?: number;
  /** Port of the reference server; 0 picks a free one. */
  apiPort?: number;
  /** `scim`: also a seeded SCIM server (scimmy) under /scim, and the page on the SCIM adapter. */
  backend?: 'rest' | 'scim';
  /**
   * With `backend: 'scim'`, a SCIM server of your own instead of the seeded one: proxied under
   * /scim/v2 with the token added there (it never reaches the page), and the viewer's userName
   * for servers without `/Me`.
   */
  scimServer?: { url: string; token: string; viewer?: string };
}

export interface RunningDemo {
  url: string;
  apiUrl: string;
  close(): Promise<void>;
}

/** Vite's proxy of /scim/v2 to another SCIM server, signed in with its token. */
const remoteScimProxy = ({ url, token }: { url: string; token: string }) => {
  const target = new URL(url);
  const base = target.pathname.replace(/\/+$/, '');
  return {
    target: target.origin,
    changeOrigin: true,
    rewrite: (path: string) => `${base}${path.replace(/^\/scim\/v2/, '')}`,
    headers: { authorization: `Bearer ${token}` },
  };
};

export const startDemo = async ({ port = 5173, apiPort = 8787, backend = 'rest', scimServer, ...storage }: DemoOptions = {}): Promise<RunningDemo> => {
  // Mailed links open the portal, not the API: its origin is known once Vite listens.
  let portalOrigin = '';
  const api = await startServer({ host: '127.0.0.1', port: apiPort, demo: true, publicUrl: () => portalOrigin, ...storage });
  // Loaded only when asked for: scimmy keeps its configuration in module state.
  const scim = backend === 'scim' && !scimServer ? await (await import('../test/servers/scim-server.js')).startScimServer() : undefined;
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
        proxy: {
          '/api': { target: api.url },
          ...(scim ? { '/scim/v2': { target: new URL(scim.url).origin } } : {}),
          ...(backend === 'scim' && scimServer ? { '/scim/v2': remoteScimProxy(scimServer) } : {}),
        },
      },
      // What demo/scim.ts needs to know of a SCIM server of your own (no token: the proxy adds it).
      define: { __PORTICO_SCIM_REMOTE__: JSON.stringify(backend === 'scim' && scimServer ? { viewer: scimServer.viewer ?? null } : null) },
    });
    await vite.listen();
    const address = vite.httpServer?.address();
    const origin = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}/` : `http://127.0.0.1:${port}/`;
    portalOrigin = origin;
    const url = backend === 'scim' ? `${origin}scim.html` : origin;
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
