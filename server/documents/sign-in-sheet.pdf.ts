/**
 * The sign-in sheet of a day as an A4 portrait PDF, printed by the duty team: on top the day, the
 * team with their phones and what each producer should have brought (checked against the crates
 * before the doors open); then one line per member household, sorted by name, with what they take
 * and a wide box to sign; at the end, what changed since each contract's previous distribution.
 */
import type { Document } from '../lib/document.js';
import {
  dataTable,
  GREY,
  PDF_CONTENT_TYPE,
  renderPdf,
  standardDocument,
  type Content,
  type TableCell,
} from '../lib/pdf.js';
import { sortName } from '../lib/format.js';
import type { SheetMemberContract, SheetTeamMember, SignInSheetData } from './sign-in-sheet.data.js';
import { CHANGE_TITLES, changeDetail, dayLine, itemLabel, sinceLabel } from './sign-in-sheet.words.js';

export const SHEET_TITLE = 'Feuille d’émargement';

/** A box to sign in, the width of its column. */
export function signatureBox(width: number, height: number): Content {
  return { canvas: [{ type: 'rect', x: 0, y: 0, w: width, h: height, lineWidth: 0.8, lineColor: '#333333' }] };
}

function teamBlock(team: SheetTeamMember[]): Content {
  if (team.length === 0) return { text: 'Personne n’est encore inscrit·e de permanence.', italics: true };
  return {
    ul: team.map((p) => ({
      text: [
        { text: p.name, bold: true },
        p.phone ? ` · ${p.phone}` : '',
        p.roleName ? ` · ${p.roleName}` : '',
        p.standInSought ? { text: ' · remplaçant·e recherché·e', italics: true } : '',
      ],
    })),
  };
}

function totalsTable(totals: SheetMemberContract[]): Content {
  return dataTable({
    widths: [170, '*'],
    header: ['Producteur et contrat', 'À livrer'],
    rows: totals.map((c) => [
      {
        stack: [
          { text: c.producerName, bold: true },
          { text: c.contractName, fontSize: 8.5, color: GREY },
        ],
      },
      c.items.length
        ? { stack: c.items.map((i) => ({ text: itemLabel(i), bold: true })) }
        : { text: 'rien de commandé', italics: true, color: GREY },
    ]),
  });
}

/** One line per contract, the producer in small print first: a household with four contracts stays a few lines high. */
function collectCell(contracts: SheetMemberContract[]): TableCell {
  return {
    stack: contracts.map((c): Content => ({
      text: [
        { text: `${c.producerName} : `, fontSize: 8, color: GREY },
        { text: c.items.map(itemLabel).join(', '), fontSize: 10 },
        ...(c.mentions?.length ? [{ text: ` (${c.mentions.join(' ; ')})`, fontSize: 9, italics: true }] : []),
      ],
      margin: [0, 0, 0, 1],
    })),
  };
}

function changesBlock(data: SignInSheetData): Content[] {
  return data.changes.map((c): Content => ({
    unbreakable: true,
    margin: [0, 0, 0, 8],
    stack: [
      { text: [{ text: `${c.producerName} — ${c.contractName}`, bold: true }, `, ${sinceLabel(c.previousOn)}`] },
      c.changes.length
        ? {
            ul: c.changes.map((ch) => ({
              text: [
                { text: `${CHANGE_TITLES[ch.kind]} : `, bold: true },
                sortName(ch),
                changeDetail(ch) ? ` — ${changeDetail(ch)}` : '',
              ],
            })),
            margin: [0, 2, 0, 0],
          }
        : { text: c.previousOn ? 'Aucun changement.' : '', italics: true, color: GREY },
    ],
  }));
}

/** The sign-in sheet of a day; `printedOn` is the day printed (YYYY-MM-DD). */
export async function build(data: SignInSheetData, printedOn: string): Promise<Document> {
  const content: Content[] = [];
  if (data.day.cancelled)
    content.push({
      text: `Distribution annulée${data.day.cancelReason ? ` : ${data.day.cancelReason}` : ''}.`,
      bold: true,
      fontSize: 13,
      margin: [0, 0, 0, 8],
    });
  content.push({ text: 'Équipe de permanence', style: 'section', margin: [0, 0, 0, 4] }, teamBlock(data.team));
  if (data.totals.length)
    content.push({ text: 'À vérifier à l’arrivée des producteurs', style: 'section' }, totalsTable(data.totals));
  const households = data.lines.length;
  content.push({ text: `Émargement : ${households} foyer${households > 1 ? 's' : ''}`, style: 'section' });
  if (households) {
    content.push(
      dataTable({
        widths: [14, 100, '*', 66, 84],
        header: ['N°', 'Membre', 'À retirer', 'Note', 'Signature'],
        rows: data.lines.map((l, i) => [
          { text: String(i + 1), color: GREY, fontSize: 8.5 },
          {
            stack: [
              { text: sortName(l), bold: true, fontSize: 11 },
              // A shared basket: the household collecting today first, then the other one.
              ...(l.sharedWith.length ? [{ text: `/ ${l.sharedWith.join(' / ')}`, fontSize: 9 }] : []),
              ...(l.phone ? [{ text: l.phone, fontSize: 8.5, color: GREY }] : []),
            ],
          },
          collectCell(l.contracts),
          { text: l.note ?? '', fontSize: 8.5, italics: true },
          signatureBox(74, 26),
        ]),
        right: [0],
      }),
    );
  } else content.push({ text: 'Personne ne retire de produits ce jour-là.', italics: true });
  if (data.changes.length)
    content.push({ text: 'Changements depuis la distribution précédente', style: 'section' }, ...changesBlock(data));

  const doc = standardDocument(
    {
      amapName: data.amapName,
      title: SHEET_TITLE,
      printedOn,
      subtitle: [dayLine(data.day), ...(data.day.note ? [data.day.note] : [])],
    },
    content,
  );
  return {
    filename: `emargement-${data.day.on}.pdf`,
    contentType: PDF_CONTENT_TYPE,
    body: await renderPdf(doc),
  };
}
