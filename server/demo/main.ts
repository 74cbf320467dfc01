import fs from 'node:fs';
import { databaseFile, loadConfigOrExit, startServer, StartError } from '../server.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from './seed.js';

/** `npm run demo`: the real server on data/demo.sqlite, rebuilt from scratch at each run. */
async function main() {
  const config = loadConfigOrExit();
  const file = databaseFile(config, 'demo.sqlite');
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  await startServer(config, file, seedDemo);
  console.log(`Démo de ${config.amap.name} : ${config.server.baseUrl}`);
  console.log(`Base de démonstration recréée : ${file}`);
  console.log(`Comptes (mot de passe « ${DEMO_PASSWORD} ») :`);
  for (const a of DEMO_ACCOUNTS) console.log(`  ${a.email.padEnd(22)} ${a.firstName} ${a.lastName}, ${a.what}`);
  console.log('Chaque compte a son adresse de calendrier (livraisons, permanences) sur la page « Mon compte ».');
}

main().catch((e) => {
  console.error(e instanceof StartError ? e.message : e);
  process.exit(1);
});
