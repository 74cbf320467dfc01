/** `npm run amap -- import-amapj FICHIER.tar.gz [--dry-run]`: the preview, then the import and its report, as text. */
import fs from 'node:fs';
import type { Ctx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import { formatEuros } from '../../lib/format.js';
import type { Problem } from './import-problems.js';
import type { ImportReport } from './import-report.js';
import { STATUS_WORDS } from './import-report.js';
import { importAmapj, previewAmapjImport, type ImportPreview } from './import.service.js';

export function problemLine(p: Problem): string {
  return `${p.severity === 'error' ? 'ERREUR' : 'attention'}${p.line ? ` (ligne ${p.line})` : ''} : ${p.message}`;
}

function previewText(preview: ImportPreview): string {
  const out = [`Sauvegarde AmapJ « ${preview.dbName} »${preview.amapName ? ` de ${preview.amapName}` : ''}`, ''];
  for (const c of preview.counts) out.push(`  ${String(c.n).padStart(6)}  ${c.label}`);
  if (preview.absences.length) {
    out.push(
      '',
      `${preview.absences.length} absence${preview.absences.length > 1 ? 's' : ''} AmapJ non reprise${preview.absences.length > 1 ? 's' : ''} :`,
    );
    for (const a of preview.absences) out.push(`  - ${a}`);
  }
  out.push('', preview.problems.length ? `${preview.problems.length} problème(s) :` : 'Aucun problème.');
  for (const p of preview.problems) out.push(`  ${problemLine(p)}`);
  return out.join('\n');
}

export function reportText(report: ImportReport): string {
  const out = ['Rapport (AmapJ → ici) :'];
  for (const c of report.contracts) {
    out.push(
      '',
      `${c.name} : ${c.subscribers.amapj} → ${c.subscribers.ours} contrats signés, total ${formatEuros(c.totalCents.amapj)} → ${formatEuros(c.totalCents.ours)}`,
    );
    for (const ch of c.cheques)
      out.push(
        `  chèques ${STATUS_WORDS[ch.status]} : ${ch.amapj.count} (${formatEuros(ch.amapj.cents)}) → ${ch.ours.count} (${formatEuros(ch.ours.cents)})`,
      );
    for (const h of c.handovers)
      out.push(`  remise du ${h.on} : ${formatEuros(h.amapjCents)} → ${formatEuros(h.oursCents)}`);
    for (const d of c.differences) out.push(`  DIFFÉRENCE : ${d}`);
  }
  out.push('', report.differences ? `${report.differences} différence(s) à regarder.` : 'Aucune différence.');
  return out.join('\n');
}

export function importAmapjCommand(ctx: Ctx, file: string, dryRun: boolean): { text: string; exitCode: number } {
  let content: Buffer;
  try {
    content = fs.readFileSync(file);
  } catch {
    throw new ValidationError({ message: `Fichier illisible : ${file}` });
  }
  const preview = previewAmapjImport(ctx, content);
  const text = previewText(preview);
  if (preview.refusal) return { text: `${text}\n\nImport impossible : ${preview.refusal}`, exitCode: 1 };
  if (preview.errors) return { text: `${text}\n\nImport refusé : corrigez d’abord les erreurs.`, exitCode: 1 };
  if (dryRun) return { text: `${text}\n\n--dry-run : rien n’a été écrit.`, exitCode: 0 };
  const report = importAmapj(ctx, null, content);
  return { text: `${text}\n\nImport fait.\n\n${reportText(report)}`, exitCode: 0 };
}
