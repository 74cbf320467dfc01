import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { databaseFile } from './server.js';
import { createCtx, type Ctx } from './lib/context.js';
import { ValidationError } from './lib/errors.js';
import { createMailTransport } from './lib/mailer.js';
import { createAdminFromCli } from './features/auth/create-admin.service.js';
import { sendOutbox } from './features/mail/send-outbox.task.js';
import { purgeExpired } from './features/auth/purge.task.js';

const HELP = `Usage : npm run amap -- <commande> [options]

Commandes :
  help                                   affiche cette aide
  create-admin --email E --name "P N"    crée (ou nomme) un administrateur et affiche
                                         un lien à usage unique pour choisir son mot de passe
  send-mails                             envoie tout de suite les mails en attente
  purge                                  supprime les sessions et liens expirés

La configuration est lue dans amap.config.json (ou AMAP_CONFIG) ; DATA_DIR, SMTP_URL… s'appliquent.`;

type Command = (ctx: Ctx, args: string[]) => Promise<string> | string;

const commands: Record<string, Command> = {
  'create-admin': (ctx, args) => {
    const { values } = parseArgs({ args, options: { email: { type: 'string' }, name: { type: 'string' } } });
    if (!values.email || !values.name)
      throw new ValidationError({
        message:
          'Il faut --email et --name. Exemple : npm run amap -- create-admin --email camille@exemple.fr --name "Camille Durand"',
      });
    const r = createAdminFromCli(ctx, { email: values.email, name: values.name });
    return (
      `${r.created ? 'Administrateur créé' : 'Membre existant nommé administrateur'} : ${values.email}\n` +
      `Lien pour choisir le mot de passe (valable 7 jours, une seule fois) :\n${r.link}`
    );
  },
  'send-mails': async (ctx) => {
    const r = await sendOutbox(ctx, createMailTransport(ctx.config));
    return r.skipped === 'no-smtp'
      ? 'Pas de serveur SMTP configuré (SMTP_URL) : rien envoyé.'
      : `${r.sent} mail(s) envoyé(s), ${r.failed} échec(s).`;
  },
  purge: (ctx) => {
    const r = purgeExpired(ctx);
    return `${r.sessions} session(s) et ${r.tokens} lien(s) supprimé(s).`;
  },
};

export async function runCli(
  argv: string[],
  out: (s: string) => void = console.log,
  err: (s: string) => void = console.error,
): Promise<number> {
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
  try {
    const config = loadConfig();
    const db = openDatabase(databaseFile(config));
    try {
      out(await command(createCtx(db, config), args));
    } finally {
      db.$client.close();
    }
    return 0;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof ValidationError) {
      err(e.message);
      return 1;
    }
    if (e instanceof Error && 'code' in e && String((e as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      err(`${e.message}\n\n${HELP}`);
      return 2;
    }
    throw e;
  }
}

// Run when invoked directly (npm run amap), not when imported by tests.
if (process.argv[1] && /cli\.(ts|js)$/.test(process.argv[1])) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
