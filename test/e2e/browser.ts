import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { openDatabase } from '../../server/db/client.js';
import { createApp } from '../../server/app.js';
import { parseConfig } from '../../server/config.js';
import { createCtx, type Ctx } from '../../server/lib/context.js';

/** Debian's chromium (apt-get install chromium); CHROMIUM overrides the path. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM, '/usr/lib/chromium/chromium', '/usr/bin/chromium'].filter(
    Boolean,
  ) as string[];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found)
    throw new Error(
      `Chromium introuvable (${candidates.join(', ')}) : apt-get install -y chromium, ou CHROMIUM=/chemin/vers/chromium`,
    );
  return found;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** The real app on a SQLite file and a random local port; `prepare` seeds it before it serves. */
export async function startTestServer(options: {
  name: string;
  clock?: () => Date;
  prepare?: (ctx: Ctx) => Promise<void>;
}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amap-e2e-'));
  const db = openDatabase(path.join(dir, 'amap.sqlite'));
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const parsed = parseConfig({ amap: { name: options.name }, server: { baseUrl: base } });
  const ctx: Ctx = createCtx(db, { ...parsed, dataPath: dir, sessionSecret: 'e2e-secret' }, options.clock);
  await options.prepare?.(ctx);
  server.on('request', createApp({ ...ctx, log: console.error }));
  return {
    base,
    db,
    ctx,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.$client.close();
    },
  };
}

/** Where the browser tests leave their screenshots, for a person to look at. */
export const screenshotsDir = path.resolve('test-results');
