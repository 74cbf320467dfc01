import { loadConfigOrExit, startServer, StartError } from './server.js';

/** `npm start`: read config → open db → migrate → createApp → listen → start jobs. */
async function main() {
  const config = loadConfigOrExit();
  await startServer(config);
  console.log(
    `${config.amap.name} : serveur démarré sur ${config.server.baseUrl} (port ${config.server.port}, données dans ${config.dataPath})`,
  );
  if (!config.mail.smtpUrl)
    console.log('Pas de serveur SMTP configuré (SMTP_URL) : les mails restent lisibles dans Administration → Mails.');
}

main().catch((e) => {
  console.error(e instanceof StartError ? e.message : e);
  process.exit(1);
});
