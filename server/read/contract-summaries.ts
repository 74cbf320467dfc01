/** One line per contract in the lists of contracts: dates, counts and the total ordered. */
import { asc, eq, sql } from 'drizzle-orm';
import { contracts, deliveries, producers, subscriptions } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { prepared } from '../db/prepared.js';

export interface ContractSummary {
  id: number;
  name: string;
  kind: 'fixed' | 'variable';
  status: 'draft' | 'open' | 'archived';
  opensOn: string;
  closesOn: string;
  producerId: number;
  producerName: string;
  firstDelivery: string | null;
  lastDelivery: string | null;
  deliveryCount: number;
  subscriberCount: number;
  totalCents: number;
}

export const contractSummaryColumns = {
  id: contracts.id,
  name: contracts.name,
  kind: contracts.kind,
  status: contracts.status,
  opensOn: contracts.opensOn,
  closesOn: contracts.closesOn,
  producerId: producers.id,
  producerName: producers.name,
  firstDelivery: sql<
    string | null
  >`(select min(${deliveries.deliveryOn}) from ${deliveries} where ${deliveries.contractId} = ${contracts.id} and ${deliveries.cancelledAt} is null)`,
  lastDelivery: sql<
    string | null
  >`(select max(${deliveries.deliveryOn}) from ${deliveries} where ${deliveries.contractId} = ${contracts.id} and ${deliveries.cancelledAt} is null)`,
  deliveryCount: sql<number>`(select count(*) from ${deliveries} where ${deliveries.contractId} = ${contracts.id} and ${deliveries.cancelledAt} is null)`,
  subscriberCount: sql<number>`(select count(*) from ${subscriptions} where ${subscriptions.contractId} = ${contracts.id} and ${subscriptions.status} = 'active')`,
  totalCents: sql<number>`(select coalesce(sum(${subscriptions.totalCents}), 0) from ${subscriptions} where ${subscriptions.contractId} = ${contracts.id} and ${subscriptions.status} = 'active')`,
};

/** Contracts members can see (open or archived, never drafts). */
export function listVisibleContracts(db: Db): ContractSummary[] {
  // Every member's /contrats runs it: prepared once.
  return prepared(db, 'visible-contracts', () => ({
    fields: contractSummaryColumns,
    query: db
      .select(contractSummaryColumns)
      .from(contracts)
      .innerJoin(producers, eq(producers.id, contracts.producerId))
      .where(eq(contracts.status, 'open'))
      .orderBy(asc(contracts.closesOn), asc(producers.name)),
  })).all();
}
