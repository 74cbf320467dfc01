import { loadConfigOrExit, startServer, StartError } from './server.js';
import { serverLogger } from './lib/logger.js';
import { appVersion as version } from './lib/version.js';

/** `npm start`: read config → open db (backup before migrations) → createApp → listen → start jobs. */
async function main() {
  const config = loadConfigOrExit();
  const logger = serverLogger(config.log.level);
  await startServer(config, undefined, undefined, logger);
  logger.info(
    { version, port: config.server.port, baseUrl: config.server.baseUrl, dataPath: config.dataPath },
    `${config.amap.name} : serveur ${version} démarré sur ${config.server.baseUrl} (port ${config.server.port}, données dans ${config.dataPath})`,
  );
  if (!config.mail.smtpUrl)
    logger.warn('Pas de serveur SMTP configuré (SMTP_URL) : les mails restent lisibles dans Administration → Mails.');
}

main().catch((e) => {
  console.error(e instanceof StartError ? e.message : e);
  process.exit(1);
});
