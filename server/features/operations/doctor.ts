import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import nodemailer from 'nodemailer';
import { ConfigError, loadConfig, type AmapConfig } from '../../config.js';
import { migrationState } from '../../db/client.js';
import { backupsDir, latestGoodBackup } from './backup-store.js';
import { formatBytes } from './operations-format.js';
import { lockPath, lockState } from './server-lock.js';

export type Finding = { level: 'ok' | 'note' | 'problem'; text: string };

/** Below this, the data directory cannot hold many more nightly backups. */
const LOW_SPACE = 1_000_000_000;
const CRITICAL_SPACE = 200_000_000;

function checkDataDir(config: AmapConfig, out: Finding[]): boolean {
  const dir = config.dataPath;
  if (!fs.existsSync(dir)) {
    out.push({
      level: 'problem',
      text: `Dossier des données absent (${dir}) : créez-le (mkdir -p ${dir}) pour l’utilisateur du serveur.`,
    });
    return false;
  }
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    out.push({
      level: 'problem',
      text: `Dossier des données non accessible en écriture (${dir}) : chown amap:amap ${dir} (l’utilisateur du serveur).`,
    });
    return false;
  }
  const mode = fs.statSync(dir).mode & 0o777;
  if (mode & 0o007)
    out.push({
      level: 'problem',
      text: `Le dossier des données est lisible par tous (droits ${mode.toString(8)}) : chmod 750 ${dir}.`,
    });
  else out.push({ level: 'ok', text: `Dossier des données : ${dir} (droits ${mode.toString(8)}).` });
  const secret = path.join(dir, 'session-secret');
  if (fs.existsSync(secret) && fs.statSync(secret).mode & 0o077)
    out.push({ level: 'problem', text: `Le secret des sessions est lisible par d’autres : chmod 600 ${secret}.` });
  const { bavail, bsize } = fs.statfsSync(dir);
  const free = Number(bavail) * Number(bsize);
  if (free < CRITICAL_SPACE)
    out.push({
      level: 'problem',
      text: `Plus que ${formatBytes(free)} libres pour les données : libérez de la place (anciennes sauvegardes, journaux) ou agrandissez le disque.`,
    });
  else if (free < LOW_SPACE)
    out.push({
      level: 'note',
      text: `Place libre : ${formatBytes(free)} seulement ; surveillez-la (sauvegardes quotidiennes).`,
    });
  else out.push({ level: 'ok', text: `Place libre : ${formatBytes(free)}.` });
  return true;
}

function checkDatabase(file: string, out: Finding[]): void {
  if (!fs.existsSync(file)) {
    out.push({ level: 'note', text: `Pas encore de base (${file}) : elle est créée au premier démarrage.` });
    return;
  }
  let sqlite: Database.Database | null = null;
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
    const result = sqlite.pragma('integrity_check', { simple: true });
    if (result !== 'ok') {
      out.push({
        level: 'problem',
        text: `La base est abîmée (${String(result)}) : restaurez la dernière sauvegarde vérifiée (npm run amap -- restore FICHIER).`,
      });
      return;
    }
    const { pending } = migrationState(sqlite);
    const size = fs.statSync(file).size;
    out.push({ level: 'ok', text: `Base intègre : ${file} (${formatBytes(size)}).` });
    if (pending.length > 0)
      out.push({
        level: 'note',
        text: `${pending.length} migration(s) en attente (${pending.join(', ')}) : appliquées au prochain démarrage, après une sauvegarde.`,
      });
  } catch (e) {
    out.push({
      level: 'problem',
      text: `La base ne s’ouvre pas (${(e as Error).message}) : vérifiez ses droits, ou restaurez une sauvegarde.`,
    });
  } finally {
    sqlite?.close();
  }
}

function checkBaseUrl(config: AmapConfig, out: Finding[]): void {
  const url = new URL(config.server.baseUrl);
  const local = ['localhost', '127.0.0.1', '::1'].includes(url.hostname);
  if (url.protocol === 'http:' && !local)
    out.push({
      level: 'problem',
      text: `server.baseUrl est en http (${config.server.baseUrl}) : mettez le site derrière HTTPS (deploy/Caddyfile) et écrivez https://… dans server.baseUrl.`,
    });
  else if (local)
    out.push({
      level: 'note',
      text: `server.baseUrl est ${config.server.baseUrl} : les liens des mails ne marchent que sur cette machine ; mettez l’adresse publique (BASE_URL) en production.`,
    });
  else if (config.server.trustProxy === false)
    out.push({
      level: 'problem',
      text: 'server.baseUrl est en https mais server.trustProxy vaut false : derrière un proxy (Caddy, nginx), mettez "trustProxy": 1, sinon la connexion ne tient pas.',
    });
  else out.push({ level: 'ok', text: `Adresse publique : ${config.server.baseUrl}.` });
}

function checkBackups(config: AmapConfig, now: Date, out: Finding[]): void {
  if (!config.backup.enabled) {
    out.push({
      level: 'note',
      text: 'Sauvegardes nocturnes désactivées (backup.enabled) : assurez-vous qu’une autre copie existe (Litestream, voir le README).',
    });
    return;
  }
  const dir = backupsDir(config);
  const latest = latestGoodBackup(dir);
  const limit = config.backup.alertAfterDays * 86_400_000;
  if (!latest)
    out.push({
      level: 'note',
      text: `Aucune sauvegarde vérifiée dans ${dir} : lancez « npm run amap -- backup » ou attendez la nuit.`,
    });
  else if (now.getTime() - Date.parse(latest.takenAt) > limit)
    out.push({
      level: 'problem',
      text: `La dernière sauvegarde vérifiée (${latest.name}) a plus de ${config.backup.alertAfterDays} jours : regardez Administration → Tâches, puis lancez « npm run amap -- backup ».`,
    });
  else out.push({ level: 'ok', text: `Dernière sauvegarde vérifiée : ${latest.name}.` });
}

function checkLock(config: AmapConfig, out: Finding[]): void {
  const lock = lockState(config.dataPath);
  if (lock.state === 'held') out.push({ level: 'ok', text: `Serveur en marche (pid ${lock.holder.pid}).` });
  else if (lock.state === 'stale')
    out.push({
      level: 'note',
      text: `Verrou laissé par un arrêt brutal (${lockPath(config.dataPath)}) : il sera remplacé au prochain démarrage.`,
    });
  else if (lock.state === 'elsewhere')
    out.push({
      level: 'note',
      text: `Verrou écrit par une autre machine ou un autre conteneur (${lock.holder.hostname}).`,
    });
  else out.push({ level: 'note', text: 'Le serveur ne tourne pas sur ces données en ce moment.' });
}

/** SMTP: a connection and a login (nodemailer's verify), within 10 seconds. */
export type SmtpCheck = (url: string) => Promise<void>;

const verifySmtp: SmtpCheck = async (url) => {
  const transport = nodemailer.createTransport(url);
  try {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('pas de réponse en 10 s')), 10_000);
    });
    await Promise.race([transport.verify(), timeout]).finally(() => clearTimeout(timer));
  } finally {
    transport.close();
  }
};

/**
 * `npm run amap -- doctor`: everything a volunteer should check on a server, one line each, and
 * for each problem what to do. Reads only: it never migrates nor writes the database.
 */
export async function runDoctor(
  env: Record<string, string | undefined>,
  options: { smtp?: SmtpCheck; dbFile?: (c: AmapConfig) => string; clock?: () => Date } = {},
): Promise<Finding[]> {
  const out: Finding[] = [];
  let config: AmapConfig;
  try {
    config = loadConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    for (const p of e.problems)
      out.push({
        level: 'problem',
        text: `Configuration : ${p} (corrigez amap.config.json ou la variable d’environnement).`,
      });
    return out;
  }
  out.push({ level: 'ok', text: `Configuration lue (${config.amap.name}, fuseau ${config.timezone}).` });
  checkBaseUrl(config, out);
  if (checkDataDir(config, out)) {
    checkDatabase(options.dbFile?.(config) ?? path.join(config.dataPath, 'amap.sqlite'), out);
    checkLock(config, out);
  }
  checkBackups(config, (options.clock ?? (() => new Date()))(), out);
  if (!config.mail.smtpUrl)
    out.push({
      level: 'note',
      text: 'Pas de serveur SMTP (SMTP_URL) : les mails restent dans Administration → Mails sans partir.',
    });
  else {
    try {
      await (options.smtp ?? verifySmtp)(config.mail.smtpUrl);
      out.push({ level: 'ok', text: 'Serveur SMTP joignable, identifiants acceptés.' });
    } catch (e) {
      out.push({
        level: 'problem',
        text: `Le serveur SMTP refuse ou ne répond pas (${(e as Error).message}) : vérifiez SMTP_URL (hôte, port, identifiant, mot de passe encodé).`,
      });
    }
  }
  return out;
}

export function formatFindings(findings: Finding[]): string {
  const mark = { ok: 'ok      ', note: 'à savoir', problem: 'PROBLÈME' };
  const problems = findings.filter((f) => f.level === 'problem').length;
  return [
    ...findings.map((f) => `${mark[f.level]}  ${f.text}`),
    '',
    problems === 0 ? 'Aucun problème.' : `${problems} problème(s) à régler.`,
  ].join('\n');
}
