import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import cron from 'node-cron';
import { LOG_LEVELS } from './lib/logger.js';

/**
 * amap.config.json: the AMAP's identity and how the server runs. Every key has a default so
 * a missing file or a partial one still starts; a wrong value stops the start with one line
 * per problem (see loadConfig). Secrets never live here: SMTP_URL and SESSION_SECRET come
 * from the environment (or a secret generated into the data directory).
 */
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'heure attendue au format HH:MM');
const weekdays = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;

export const configSchema = z
  .object({
    amap: z
      .object({
        name: z.string().trim().min(1, 'le nom de l’AMAP est obligatoire').default('Mon AMAP'),
        city: z.string().trim().default(''),
      })
      .strict()
      .prefault({}),
    server: z
      .object({
        port: z.coerce.number().int().min(1).max(65535).default(3000),
        baseUrl: z
          .url({ protocol: /^https?$/, error: 'URL http(s) attendue, par ex. https://amap.example.org' })
          .default('http://localhost:3000')
          .transform((u) => u.replace(/\/+$/, '')),
        trustProxy: z.union([z.boolean(), z.number().int().min(0), z.string()]).default(false),
      })
      .strict()
      .prefault({}),
    dataDir: z.string().min(1).default('./data'),
    timezone: z.string().refine(isValidTimeZone, 'fuseau horaire inconnu (ex. Europe/Paris)').default('Europe/Paris'),
    distribution: z
      .object({
        place: z.string().default(''),
        day: z.enum(weekdays, { error: `jour attendu parmi : ${weekdays.join(', ')}` }).default('jeudi'),
        startTime: time.default('18:30'),
        endTime: time.default('19:30'),
      })
      .strict()
      .prefault({}),
    mail: z
      .object({
        from: z.string().min(3, 'adresse d’expédition obligatoire').default('AMAP <amap@localhost>'),
        replyTo: z.string().nullable().default(null),
        smtpUrl: z
          .string()
          .regex(/^smtps?:\/\//, 'URL SMTP attendue (smtp:// ou smtps://)')
          .nullable()
          .default(null),
      })
      .strict()
      .prefault({}),
    backup: z
      .object({
        enabled: z.boolean().default(true),
        schedule: z
          .string()
          .refine((v) => cron.validate(v), 'expression cron invalide (ex. « 30 3 * * * » : chaque nuit à 3 h 30)')
          .default('30 3 * * *'),
        /** How many of the latest good backups to keep; beyond them, one a month for a year. */
        keep: z.number().int().min(1).default(14),
        /** Where backups go; null: <dataDir>/backups. Relative to the working directory. */
        dir: z.string().min(1).nullable().default(null),
        /** Administrators get a mail when the latest good backup is older than this. */
        alertAfterDays: z.number().int().min(1).default(2),
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        level: z.enum(LOG_LEVELS, { error: `niveau attendu parmi : ${LOG_LEVELS.join(', ')}` }).default('info'),
      })
      .strict()
      .prefault({}),
    reminders: z
      .object({
        subscriptionClosingDays: z.number().int().min(0).default(3),
        dutyShiftDays: z.number().int().min(0).default(2),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type AmapConfig = z.infer<typeof configSchema> & {
  /** Absolute path of the data directory. */
  dataPath: string;
  /** Absolute path of the backups directory (backup.dir, or <dataDir>/backups). */
  backupPath?: string;
  sessionSecret: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration invalide :\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('fr-FR', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Validates a raw config object (file content merged with env overrides). Pure: no fs. */
export function parseConfig(raw: unknown): z.infer<typeof configSchema> {
  const result = configSchema.safeParse(raw ?? {});
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(racine)'} : ${i.message}`));
  }
  return result.data;
}

type Env = Record<string, string | undefined>;

/**
 * Reads the config file (AMAP_CONFIG or ./amap.config.json), applies the environment
 * overrides (PORT, DATA_DIR, SMTP_URL, BASE_URL, TRUST_PROXY, LOG_LEVEL, SESSION_SECRET) and resolves the secret.
 */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): AmapConfig {
  const file = path.resolve(cwd, env.AMAP_CONFIG ?? 'amap.config.json');
  let raw: Record<string, any> = {};
  if (fs.existsSync(file)) {
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      throw new ConfigError([`${file} : JSON illisible (${(e as Error).message})`]);
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new ConfigError([`${file} : un objet JSON est attendu`]);
    }
  } else if (env.AMAP_CONFIG) {
    throw new ConfigError([`${file} : fichier introuvable (AMAP_CONFIG)`]);
  }
  raw = applyEnv(raw, env);
  const parsed = parseConfig(raw);
  const dataPath = path.resolve(cwd, parsed.dataDir);
  const backupPath = parsed.backup.dir ? path.resolve(cwd, parsed.backup.dir) : undefined;
  return { ...parsed, dataPath, backupPath, sessionSecret: env.SESSION_SECRET ?? '' };
}

function applyEnv(raw: Record<string, any>, env: Env): Record<string, any> {
  const out = structuredClone(raw);
  const section = (k: string) => (out[k] = typeof out[k] === 'object' && out[k] !== null ? out[k] : {});
  if (env.PORT) {
    const server = section('server');
    server.port = env.PORT;
    // A local install started on another port keeps its links (invitations) pointing to it.
    const base = typeof server.baseUrl === 'string' ? server.baseUrl : 'http://localhost:3000';
    if (!env.BASE_URL && /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/?$/.test(base)) {
      server.baseUrl = base.replace(/(:\d+)?\/?$/, `:${env.PORT}`);
    }
  }
  if (env.BASE_URL) section('server').baseUrl = env.BASE_URL;
  if (env.TRUST_PROXY)
    section('server').trustProxy = /^\d+$/.test(env.TRUST_PROXY)
      ? Number(env.TRUST_PROXY)
      : env.TRUST_PROXY === 'true'
        ? true
        : env.TRUST_PROXY === 'false'
          ? false
          : env.TRUST_PROXY;
  if (env.DATA_DIR) out.dataDir = env.DATA_DIR;
  if (env.SMTP_URL) section('mail').smtpUrl = env.SMTP_URL;
  if (env.LOG_LEVEL) section('log').level = env.LOG_LEVEL;
  return out;
}

/** SESSION_SECRET from the environment, else one generated once into the data directory. */
export function resolveSessionSecret(config: AmapConfig, randomHex: () => string): string {
  if (config.sessionSecret) return config.sessionSecret;
  const file = path.join(config.dataPath, 'session-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(config.dataPath, { recursive: true });
  const secret = randomHex();
  fs.writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
