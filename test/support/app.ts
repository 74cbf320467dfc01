import request from 'supertest';
import type { Express } from 'express';
import { openDatabase, type Db } from '../../server/db/client.js';
import { parseConfig, type AmapConfig } from '../../server/config.js';
import { createApp } from '../../server/app.js';
import { createCtx, type Ctx } from '../../server/lib/context.js';
import { TestClock } from './clock.js';

export function testConfig(raw: Record<string, unknown> = {}): AmapConfig {
  const parsed = parseConfig({
    amap: { name: 'AMAP de Test', city: 'Testville' },
    server: { baseUrl: 'http://amap.test' },
    ...raw,
  });
  return { ...parsed, dataPath: '/nonexistent', sessionSecret: 'test-secret-not-for-production' };
}

export interface TestApp {
  app: Express;
  db: Db;
  ctx: Ctx;
  clock: TestClock;
  /** A cookie-keeping client, like one browser. */
  agent: () => request.Agent;
  errors: string[];
}

/** A fresh migrated in-memory database and the app on top of it. */
export function makeTestApp(options: { config?: AmapConfig; clock?: TestClock } = {}): TestApp {
  const db = openDatabase(':memory:');
  const clock = options.clock ?? new TestClock();
  const config = options.config ?? testConfig();
  const errors: string[] = [];
  const app = createApp({ db, config, clock: clock.now, log: (l) => errors.push(l) });
  const ctx: Ctx = createCtx(db, config, clock.now);
  return { app, db, ctx, clock, agent: () => request.agent(app), errors };
}

/** The CSRF token of the first form of a page. */
export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token in page:\n' + html.slice(0, 500));
  return m[1];
}

/** GETs a page with the agent, then POSTs a form to `action` with that page's CSRF token. */
export async function submitForm(
  agent: request.Agent,
  pagePath: string,
  action: string,
  fields: Record<string, string>,
) {
  const page = await agent.get(pagePath);
  return agent
    .post(action)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), ...fields });
}

/** An agent logged in as the given member. */
export async function loginAs(t: TestApp, email: string, password: string): Promise<request.Agent> {
  const agent = t.agent();
  const res = await submitForm(agent, '/connexion', '/connexion', { email, password });
  if (res.status !== 302) throw new Error(`login failed for ${email}: ${res.status}\n${res.text.slice(0, 400)}`);
  return agent;
}
