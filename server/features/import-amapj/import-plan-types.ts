/** What the import plan holds: AmapJ's records as they will be written here, keyed by AmapJ id (`ref`). */
import type { AboAbsence } from './aboinfo.js';
import type { Problem } from './import-problems.js';
import type { PeoplePlan } from './import-plan-people.js';

export type ChequeStatus = 'promised' | 'received' | 'handed_over';

export interface PlannedContract {
  ref: number;
  producerRef: number;
  name: string;
  description: string | null;
  memberInfo: string | null;
  kind: 'fixed' | 'variable';
  status: 'draft' | 'open' | 'archived';
  opensOn: string;
  closesOn: string;
  paymentsManaged: boolean;
  payee: string;
  minChequeCents: number | null;
  deliveries: { ref: number; on: string; cancelled: boolean }[];
  products: { ref: number; productRef: number; priceCents: number; position: number }[];
  paymentDates: { ref: number; on: string }[];
  /** AmapJ's product × date exclusions (`deliveryRef:contractProductRef`), which this server has no place for. */
  productExclusions: string[];
  /** From MODELECONTRAT's jokers (or the absences seen); null: the defaults, no absence allowed. */
  absenceSettings: {
    absencesAllowed: boolean;
    maxPerMember: number;
    noticeDays: number;
    mode: 'carry-over' | 'deduct';
  } | null;
}

/** An AmapJ joker (deduct) or report (carry-over), as our absences service would have stored it. */
export interface PlannedAbsence {
  subscriptionRef: number;
  deliveryRef: number;
  mode: 'carry-over' | 'deduct';
  targetDeliveryRef: number | null;
  moved: { contractProductRef: number; quantity: number }[];
}

export interface PlannedSubscription {
  ref: number;
  contractRef: number;
  userRef: number;
  createdOn: string | null;
  /** Σ quantity × price over every cell, as AmapJ counts it. */
  amapjTotalCents: number;
  /** The same without the cancelled deliveries, as this server counts it. */
  totalCents: number;
  quantities: { deliveryRef: number; contractProductRef: number; quantity: number }[];
  creditCents: number;
}

export interface PlannedCheque {
  ref: number;
  subscriptionRef: number;
  paymentDateRef: number;
  amountCents: number;
  status: ChequeStatus;
  bank: string | null;
  number: string | null;
  note: string | null;
  handoverRef: number | null;
}

export interface ImportPlan extends PeoplePlan {
  producers: { ref: number; name: string; description: string | null; payee: string; active: boolean }[];
  referents: { producerRef: number; userRef: number; notify: boolean }[];
  producerAccounts: { producerRef: number; userRef: number }[];
  products: { ref: number; producerRef: number; name: string; unit: string; defaultPriceCents: number }[];
  contracts: PlannedContract[];
  subscriptions: PlannedSubscription[];
  cheques: PlannedCheque[];
  handovers: { ref: number; contractRef: number; paymentDateRef: number; on: string; amapjTotalCents: number }[];
  absences: PlannedAbsence[];
  /** The AmapJ absences that could not be mapped here (each also a warning). */
  absencesNotImported: (AboAbsence & { userRef: number; contractRef: number })[];
  settings: { amapName: string | null; amapCity: string | null };
  problems: Problem[];
}
