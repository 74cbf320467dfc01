/**
 * The monthly planning as an A4 landscape PDF, to mail and to pin on the wall: one row per
 * distribution day with its hours and place, the contracts delivering, the people on duty by role
 * and the open places, written in words and drawn as empty circles so that they show in black and
 * white too.
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
import { formatDayLong, formatMonthYear, formatTime } from '../lib/format.js';
import { openPlacesLabel, planningTitle } from './planning.words.js';
import type { PlanningData, PlanningDay } from './planning.data.js';

/** One empty circle per open place (at most 8 drawn: the number says the rest). */
function circles(n: number): Content {
  const shown = Math.min(n, 8);
  return {
    canvas: Array.from({ length: shown }, (_, i) => ({
      type: 'ellipse' as const,
      x: 6 + i * 15,
      y: 7,
      r1: 5.5,
      r2: 5.5,
      lineWidth: 1,
      lineColor: '#000000',
    })),
    margin: [0, 3, 0, 0],
  };
}

function dateCell(d: PlanningDay): TableCell {
  const stack: Content[] = [{ text: formatDayLong(d.on), bold: true }];
  if (d.title) stack.push({ text: d.title, italics: true });
  if (d.cancelled) stack.push({ text: `ANNULÉE${d.cancelReason ? ` : ${d.cancelReason}` : ''}`, bold: true });
  return { stack };
}

function whereCell(d: PlanningDay): TableCell {
  const stack: Content[] = [`${formatTime(d.startTime)} – ${formatTime(d.endTime)}`];
  if (d.place) stack.push(d.place);
  if (d.note) stack.push({ text: d.note, italics: true, fontSize: 8.5, color: GREY });
  return { stack };
}

function deliveriesCell(d: PlanningDay): TableCell {
  if (d.deliveries.length === 0) return { text: 'Pas de livraison', color: GREY, italics: true };
  return {
    stack: d.deliveries.map((c): Content => ({
      text: [{ text: c.producerName, bold: true }, ` (${c.products.length ? c.products.join(', ') : c.contractName})`],
      margin: [0, 0, 0, 2],
    })),
  };
}

function dutyCell(d: PlanningDay): TableCell {
  if (d.cancelled) return { text: '—', color: GREY };
  return {
    stack: d.roles.map((r): Content => ({
      text: [
        ...(r.name ? [{ text: `${r.name} : `, bold: true }] : []),
        ...r.people.map((p, i) => ({
          text: `${i ? ', ' : ''}${p.name}${p.standInSought ? ' (remplaçant·e recherché·e)' : ''}`,
          italics: p.standInSought,
        })),
        ...(r.people.length === 0 ? [{ text: 'personne', color: GREY, italics: true }] : []),
        ...(r.name && r.open ? [{ text: ` · ${openPlacesLabel(r.open)}`, bold: true }] : []),
      ],
      margin: [0, 0, 0, 2],
    })),
  };
}

function openCell(d: PlanningDay): TableCell {
  if (d.cancelled) return '';
  if (d.openPlaces === 0) return { text: 'Complet', color: GREY };
  return { stack: [{ text: openPlacesLabel(d.openPlaces), bold: true }, circles(d.openPlaces)] };
}

/** The planning of a month as a PDF; `printedOn` is the day printed (YYYY-MM-DD). */
export async function build(data: PlanningData, printedOn: string): Promise<Document> {
  const content: Content[] = data.days.length
    ? [
        dataTable({
          widths: [118, 110, '*', 200, 86],
          header: ['Date', 'Horaires et lieu', 'Livraisons', 'Permanence', 'Places libres'],
          rows: data.days.map((d) => [dateCell(d), whereCell(d), deliveriesCell(d), dutyCell(d), openCell(d)]),
          fontSize: 10,
        }),
      ]
    : [{ text: `Aucune distribution en ${formatMonthYear(`${data.month}-01`)}.`, italics: true }];
  const doc = standardDocument(
    { amapName: data.amapName, title: planningTitle(data.month), printedOn, orientation: 'landscape' },
    content,
  );
  return {
    filename: `planning-${data.month}.pdf`,
    contentType: PDF_CONTENT_TYPE,
    body: await renderPdf(doc),
  };
}
