/**
 * The data of the all-cheques export: every cheque of the AMAP, one row each (contract, producer,
 * member, payment date, amount, status, bank, number, reception and handover days).
 */
import type { Db } from '../db/client.js';
import type { ChequeStatus } from '../domain/cheque-status.js';
import { chequeLines } from '../read/cheque-lines.js';

export interface AllChequesRow {
  producerName: string;
  contractName: string;
  lastName: string;
  firstName: string;
  dueOn: string;
  amountCents: number;
  status: ChequeStatus;
  bank: string | null;
  number: string | null;
  /** Day received (YYYY-MM-DD), or null. */
  receivedOn: string | null;
  /** Day handed over to the producer (YYYY-MM-DD), or null. */
  handedOverOn: string | null;
}

/** The columns of the export, the same in the spreadsheet and the CSV. */
export const ALL_CHEQUES_HEADER = [
  'Producteur',
  'Contrat',
  'Nom',
  'Prénom',
  'Échéance',
  'Montant',
  'Statut',
  'Banque',
  'N° de chèque',
  'Reçu le',
  'Remis le',
];

/** Every cheque, by payment date, producer, contract and member. One query. */
export function allChequesData(db: Db): AllChequesRow[] {
  return chequeLines(db, {}, 'due').map((l) => {
    const handedOver = l.handedOverOn ?? l.handedOverAt;
    return {
      producerName: l.producerName,
      contractName: l.contractName,
      lastName: l.lastName,
      firstName: l.firstName,
      dueOn: l.dueOn,
      amountCents: l.amountCents,
      status: l.status,
      bank: l.bank,
      number: l.number,
      receivedOn: l.receivedAt ? l.receivedAt.slice(0, 10) : null,
      handedOverOn: l.status === 'handed_over' && handedOver ? handedOver.slice(0, 10) : null,
    };
  });
}
