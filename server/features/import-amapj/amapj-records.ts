/** AmapJ's records as the import reads them: AmapJ's values (enum strings, cents, ids), each with its line. */
export interface Located {
  /** Line of the INSERT in the .script. */
  line: number;
}

export interface AmapjUser extends Located {
  id: number;
  lastName: string;
  firstName: string;
  email: string | null;
  phone: string | null;
  phone2: string | null;
  address: string | null;
  postalCode: string | null;
  city: string | null;
  state: string | null;
  password: string | null;
  salt: string | null;
}
export interface AmapjProducer extends Located {
  id: number;
  name: string;
  description: string | null;
  state: string | null;
}
export interface AmapjProduct extends Located {
  id: number;
  producerId: number | null;
  name: string;
  unit: string | null;
}
export interface AmapjContract extends Located {
  id: number;
  producerId: number | null;
  name: string;
  description: string | null;
  state: string | null;
  closesOn: string | null;
  payee: string | null;
  paymentMode: string | null;
  nature: string | null;
  paymentText: string | null;
  minChequeCents: number | null;
  /** SANS_JOKER, JOKER_ABSENCE or JOKER_REPORT (V045 only); null when the column is absent. */
  jokerType: string | null;
  jokerMax: number | null;
  /** Days before a delivery a joker must be set. */
  jokerNoticeDays: number | null;
}
export interface AmapjContractDate extends Located {
  id: number;
  contractId: number | null;
  on: string | null;
}
export interface AmapjContractProduct extends Located {
  id: number;
  contractId: number | null;
  productId: number | null;
  priceCents: number | null;
  position: number;
}
export interface AmapjExclusion extends Located {
  contractId: number | null;
  dateId: number | null;
  /** A MODELECONTRATPRODUIT id (the product as offered by this contract); null: the whole date. */
  productId: number | null;
}
export interface AmapjPaymentDate extends Located {
  id: number;
  contractId: number | null;
  on: string | null;
}
export interface AmapjSubscription extends Located {
  id: number;
  contractId: number | null;
  userId: number | null;
  creditCents: number;
  createdAt: string | null;
  aboInfo: string | null;
}
export interface AmapjCell extends Located {
  subscriptionId: number | null;
  dateId: number | null;
  contractProductId: number | null;
  quantity: number;
}
export interface AmapjPayment extends Located {
  id: number;
  subscriptionId: number | null;
  paymentDateId: number | null;
  amountCents: number;
  state: string | null;
  comments: string[];
  handoverId: number | null;
}
export interface AmapjHandover extends Located {
  id: number;
  paymentDateId: number | null;
  on: string | null;
  amountCents: number;
}
export interface AmapjUserLink extends Located {
  producerId: number | null;
  userId: number | null;
  notification: string | null;
}
export interface AmapjMembershipPeriod extends Located {
  id: number;
  name: string;
  startsOn: string | null;
  endsOn: string | null;
  payee: string | null;
  minimumCents: number;
  suggestedCents: number | null;
  info: string | null;
}
export interface AmapjMembership extends Located {
  periodId: number | null;
  userId: number | null;
  amountCents: number;
  state: number | null;
  method: number | null;
  receivedOn: string | null;
  createdAt: string | null;
}
export interface AmapjDutyDate extends Located {
  id: number;
  periodId: number | null;
  on: string | null;
  places: number;
}
export interface AmapjDutyRole extends Located {
  id: number;
  name: string;
}
export interface AmapjDutyMember extends Located {
  id: number;
  periodId: number | null;
  userId: number | null;
  wanted: number;
}
export interface AmapjDutyCell extends Located {
  dateId: number | null;
  dutyMemberId: number | null;
  roleId: number | null;
}

export interface AmapjData {
  users: AmapjUser[];
  admins: (Located & { userId: number | null })[];
  treasurers: (Located & { userId: number | null })[];
  referents: AmapjUserLink[];
  producerUsers: AmapjUserLink[];
  producers: AmapjProducer[];
  products: AmapjProduct[];
  contracts: AmapjContract[];
  contractDates: AmapjContractDate[];
  contractProducts: AmapjContractProduct[];
  exclusions: AmapjExclusion[];
  paymentDates: AmapjPaymentDate[];
  subscriptions: AmapjSubscription[];
  cells: AmapjCell[];
  payments: AmapjPayment[];
  handovers: AmapjHandover[];
  membershipPeriods: AmapjMembershipPeriod[];
  memberships: AmapjMembership[];
  dutyPeriods: (Located & { id: number; name: string })[];
  dutyDates: AmapjDutyDate[];
  dutyRoles: AmapjDutyRole[];
  dutyMembers: AmapjDutyMember[];
  dutyCells: AmapjDutyCell[];
  amapName: string | null;
  amapCity: string | null;
}
