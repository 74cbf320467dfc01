import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type AmapConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { databaseFile } from './server.js';
import { createCtx, type Ctx } from './lib/context.js';
import { ValidationError } from './lib/errors.js';
import { createMailTransport, type MailTransport } from './lib/mailer.js';
import { formatDayLong } from './lib/format.js';
import { createAdminFromCli } from './features/auth/create-admin.service.js';
import { isTaskName, taskNames, tasks, type TaskName } from './jobs/tasks.js';
import { runTask } from './jobs/task-log.js';
import { backupBeforeMigrations, OpenRefused } from './features/operations/database-open.js';
import { RestoreRefused } from './features/operations/restore.js';
import { backupCommand, doctorCommand, restoreCommand } from './features/operations/operations-cli.js';
import { importAmapjCommand } from './features/import-amapj/import-cli.js';

const HELP = `Usage : npm run amap -- <commande> [options]

Commandes :
  help                                   affiche cette aide
  create-admin --email E --name "P N"    crée (ou nomme) un administrateur et affiche
                                         un lien à usage unique pour choisir son mot de passe
  run-task NOM [--date AAAA-MM-JJ]       lance une tâche tout de suite, pour ce jour-là
                                         (par défaut aujourd’hui) ; sans NOM : la liste des tâches
  send-mails                             = run-task send-outbox : envoie les mails en attente
  purge                                  = run-task purge : supprime les sessions et liens expirés
  backup [--to FICHIER]                  copie la base (même serveur en marche), compressée et
                                         vérifiée, dans le dossier des sauvegardes ou FICHIER
  restore FICHIER                        remplace la base par une sauvegarde vérifiée (serveur
                                         arrêté) après avoir sauvegardé la base actuelle
  import-amapj FICHIER.tar.gz [--dry-run]
                                         reprend une sauvegarde d’AmapJ (membres, contrats,
                                         chèques, adhésions, permanences) dans une installation
                                         neuve ; --dry-run : l’aperçu seulement
  doctor                                 vérifie la configuration, le dossier des données, la base,
                                         les sauvegardes, le SMTP et l’adresse publique

Chaque tâche lancée laisse une ligne dans le journal des tâches (Administration → Tâches).
La configuration est lue dans amap.config.json (ou AMAP_CONFIG) ; DATA_DIR, SMTP_URL… s'appliquent.`;

/** What a command runs on, opened only when the command needs it (a usage error opens nothing). */
interface CliSession {
  ctx(): Ctx;
  transport(): MailTransport | null;
  /** The config alone, for commands that handle the database file themselves (backup, restore). */
  config(): AmapConfig;
  env: Record<string, string | undefined>;
}

/** What a command prints; `exitCode` when it printed a report of problems (doctor). */
type Output = string | { text: string; exitCode: number };

type Command = (args: string[], session: CliSession) => Promise<Output> | Output;

/** The commands that open the database the way the server does (migrating it: a backup comes first). */
const OPEN_THE_DATABASE = new Set(['create-admin', 'run-task', 'send-mails', 'purge', 'import-amapj']);

/** A command that went wrong in a way its message explains to the person: no stack, this exit code. */
class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

function taskList(): string {
  const width = Math.max(...taskNames.map((n) => n.length));
  return `Tâches :\n${taskNames.map((n) => `  ${n.padEnd(width)}  ${tasks[n].description}`).join('\n')}`;
}

/** A real calendar day written YYYY-MM-DD (2027-02-31 is refused, not moved to March). */
function parseDay(raw: string): string {
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(raw) && new Date(`${raw}T00:00:00Z`).toISOString().slice(0, 10) === raw;
  if (!valid)
    throw new ValidationError({
      message: `Date invalide : « ${raw} ». Écrivez-la AAAA-MM-JJ, par exemple --date 2026-12-03.`,
    });
  return raw;
}

async function runTaskCommand(name: TaskName, today: string | undefined, session: CliSession): Promise<string> {
  const ctx = session.ctx();
  const day = today ?? ctx.today();
  try {
    const result = await runTask(ctx, name, { today: day, trigger: 'cli', deps: { transport: session.transport() } });
    return `${name} (${formatDayLong(day)}) : ${result.summary}`;
  } catch (e) {
    throw new CliFailure(
      `${name} (${formatDayLong(day)}) a échoué : ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
    );
  }
}

const commands: Record<string, Command> = {
  'create-admin': (args, session) => {
    const { values } = parseArgs({ args, options: { email: { type: 'string' }, name: { type: 'string' } } });
    if (!values.email || !values.name)
      throw new ValidationError({
        message:
          'Il faut --email et --name. Exemple : npm run amap -- create-admin --email camille@exemple.fr --name "Camille Durand"',
      });
    const r = createAdminFromCli(session.ctx(), { email: values.email, name: values.name });
    return (
      `${r.created ? 'Administrateur créé' : 'Membre existant nommé administrateur'} : ${values.email}\n` +
      `Lien pour choisir le mot de passe (valable 7 jours, une seule fois) :\n${r.link}`
    );
  },
  'run-task': (args, session) => {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { date: { type: 'string' } } });
    const [name, ...rest] = positionals;
    if (!name) return taskList();
    if (!isTaskName(name) || rest.length > 0)
      throw new CliFailure(`Tâche inconnue : ${positionals.join(' ')}\n\n${taskList()}`, 2);
    return runTaskCommand(name, values.date === undefined ? undefined : parseDay(values.date), session);
  },
  'send-mails': (args, session) => commands['run-task'](['send-outbox', ...args], session),
  purge: (args, session) => commands['run-task'](['purge', ...args], session),
  backup: (args, session) => {
    const { values } = parseArgs({ args, options: { to: { type: 'string' } } });
    return backupCommand(session.config(), values.to);
  },
  restore: (args, session) => {
    const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
    if (positionals.length !== 1)
      throw new CliFailure(
        'Il faut le fichier de la sauvegarde. Exemple : npm run amap -- restore data/backups/amap-2026-11-28T03-30-00Z-nightly.sqlite.gz',
        2,
      );
    return restoreCommand(session.config(), positionals[0]);
  },
  doctor: (_args, session) => doctorCommand(session.env),
  'import-amapj': (args, session) => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { 'dry-run': { type: 'boolean' } },
    });
    if (positionals.length !== 1)
      throw new CliFailure(
        'Il faut le fichier de la sauvegarde AmapJ. Exemple : npm run amap -- import-amapj amap1.tar.gz --dry-run',
        2,
      );
    return importAmapjCommand(session.ctx(), positionals[0], values['dry-run'] ?? false);
  },
};

export interface CliOptions {
  out?: (s: string) => void;
  err?: (s: string) => void;
  /** Where the config is read from (AMAP_CONFIG, DATA_DIR, SMTP_URL…): tests point it at a temporary directory. */
  env?: Record<string, string | undefined>;
}

export async function runCli(argv: string[], options: CliOptions = {}): Promise<number> {
  const { out = console.log, err = console.error, env = process.env } = options;
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    out(HELP);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    err(`Commande inconnue : ${name}\n\n${HELP}`);
    return 2;
  }
  const state: { opened: ReturnType<typeof open> | null } = { opened: null };
  const session: CliSession = {
    ctx: () => (state.opened ??= open(env)).ctx,
    transport: () => (state.opened ??= open(env)).transport,
    config: () => loadConfig(env),
    env,
  };
  try {
    if (OPEN_THE_DATABASE.has(name)) {
      const config = loadConfig(env);
      const r = await backupBeforeMigrations(databaseFile(config), config, () => new Date());
      if (r.backup) err(`Sauvegarde avant migration : ${r.backup.file}`);
    }
    const output = await command(args, session);
    if (typeof output === 'string') {
      out(output);
      return 0;
    }
    out(output.text);
    return output.exitCode;
  } catch (e) {
    if (e instanceof OpenRefused || e instanceof RestoreRefused) {
      err(e.message);
      return 1;
    }
    if (e instanceof ConfigError || e instanceof ValidationError || e instanceof CliFailure) {
      err(e.message);
      return e instanceof CliFailure ? e.exitCode : 1;
    }
    if (e instanceof Error && 'code' in e && String((e as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      err(`${e.message}\n\n${HELP}`);
      return 2;
    }
    throw e;
  } finally {
    state.opened?.ctx.db.$client.close();
  }
}

function open(env: Record<string, string | undefined>): { ctx: Ctx; transport: MailTransport | null } {
  const config = loadConfig(env);
  return { ctx: createCtx(openDatabase(databaseFile(config)), config), transport: createMailTransport(config) };
}

// Run when invoked directly (npm run amap), not when imported by tests: mocha's own entry point
// is a cli.js too, so the file itself is compared, not its name.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
