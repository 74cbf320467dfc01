/**
 * The reference of `npm run bench:load`: a bare Express 5 + EJS app rendering a 50-row table, run
 * like the app (NODE_ENV=production, so the view is compiled once). What the machine gives a page
 * that does nothing but render; the app's pages are measured as a share of it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';

const rows = Array.from({ length: 50 }, (_, i) => ({
  name: `MEMBRE${i} Prénom`,
  contract: `Contrat ${i % 7}`,
  dueOn: `2026-${String((i % 12) + 1).padStart(2, '0')}-05`,
  amount: `${70 + i},00 €`,
}));

const app = express();
app.set('views', path.join(path.dirname(fileURLToPath(import.meta.url)), 'bare'));
app.set('view engine', 'ejs');
app.get('/', (_req, res) => res.render('page', { title: 'Page nue', rows }));
app.listen(Number(process.env.PORT), '127.0.0.1');
