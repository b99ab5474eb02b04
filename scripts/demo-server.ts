// The demo portal: the reference server plus Vite serving demo/ on one origin, so cookies and
// CSRF work as they do when a real portal embeds Portico. Used by `npm start` and the demo test.
import { createServer, defaultClientConditions } from 'vite';
import { startServer, type StartServerOptions } from '@portico/server';

export interface DemoOptions extends Pick<StartServerOptions, 'dataDir' | 'memory' | 'reset'> {
  /** Port of the demo page; 0 picks a free one. */
  port?: number;
  /** Port of the reference server; 0 picks a free one. */
  apiPort?: number;
}

export interface RunningDemo {
  url: string;
  apiUrl: string;
  close(): Promise<void>;
}

export const startDemo = async ({ port = 5173, apiPort = 8787, ...storage }: DemoOptions = {}): Promise<RunningDemo> => {
  const api = await startServer({ host: '127.0.0.1', port: apiPort, demo: true, ...storage });
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
        proxy: { '/api': { target: api.url } },
      },
    });
    await vite.listen();
    const address = vite.httpServer?.address();
    const url = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}/` : `http://127.0.0.1:${port}/`;
    return {
      url,
      apiUrl: api.url,
      close: async () => {
        await vite.close();
        await api.close();
      },
    };
  } catch (error) {
    await api.close();
    throw error;
  }
};
