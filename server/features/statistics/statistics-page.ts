/**
 * The statistics page of a contract: its figures beside those of the producer's previous season
 * (the contract it was copied from, else the producer's one before it), aligned per product and per
 * calendar month, and every season of the producer. Seven queries whatever the size of the AMAP.
 */
import { eq } from 'drizzle-orm';
import { contracts, producers } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { formatMonth } from '../../lib/format.js';
import { contractFigures, previousSeason, producerSeasons, type ContractFigures } from './statistics.queries.js';

/** A figure this season, the previous one (null without a previous season) and the difference. */
export interface Compared {
  label: string;
  now: number;
  before: number | null;
}

export interface SeasonSummary {
  id: number;
  name: string;
  firstDelivery: string | null;
  lastDelivery: string | null;
  subscribers: number;
  deliveries: number;
  totalCents: number;
  current: boolean;
}

function compareProducts(
  now: ContractFigures,
  before: ContractFigures | null,
): { quantity: Compared[]; unit: string[] } {
  const ids = [...now.products.map((p) => p.productId)];
  for (const p of before?.products ?? []) if (!ids.includes(p.productId)) ids.push(p.productId);
  const find = (f: ContractFigures | null, id: number) => f?.products.find((p) => p.productId === id);
  const rows = ids.map((id) => {
    const p = find(now, id) ?? find(before, id)!;
    return {
      row: {
        label: p.name,
        now: find(now, id)?.quantity ?? 0,
        before: before ? (find(before, id)?.quantity ?? 0) : null,
      },
      unit: p.unit,
    };
  });
  return { quantity: rows.map((r) => r.row), unit: rows.map((r) => r.unit) };
}

/**
 * Amount per calendar month, the two seasons side by side (May beside May of the year before). A
 * season longer than a year adds its two Decembers in one row rather than losing one.
 */
function compareMonths(now: ContractFigures, before: ContractFigures | null): Compared[] {
  const key = (m: string) => m.slice(5, 7);
  const order: string[] = [];
  for (const m of [...now.months, ...(before?.months ?? [])])
    if (!order.includes(key(m.month))) order.push(key(m.month));
  const amount = (f: ContractFigures | null, k: string) =>
    (f?.months ?? []).filter((m) => key(m.month) === k).reduce((sum, m) => sum + m.amountCents, 0);
  return order.map((k) => ({
    label: formatMonth(`2000-${k}-01`),
    now: amount(now, k),
    before: before ? amount(before, k) : null,
  }));
}

export function statisticsPage(ctx: Ctx, actor: Actor, contractId: number) {
  const c = ctx.db
    .select({ id: contracts.id, name: contracts.name, producerId: producers.id, producerName: producers.name })
    .from(contracts)
    .innerJoin(producers, eq(producers.id, contracts.producerId))
    .where(eq(contracts.id, contractId))
    .get();
  if (!c) throw new NotFoundError('Ce contrat n’existe pas.');
  if (!may(actor, 'see-orders', { type: 'contract', producerId: c.producerId }))
    throw new ForbiddenError('Vous ne suivez pas les contrats de ce producteur.');
  const seasons = producerSeasons(ctx.db, c.producerId);
  const prev = previousSeason(seasons, c.id);
  const figures = contractFigures(
    ctx.db,
    seasons.map((s) => s.id),
  );
  const now = figures.get(c.id)!;
  const before = prev ? figures.get(prev.id)! : null;
  const products = compareProducts(now, before);
  const perSubscriber = (f: ContractFigures) => (f.subscribers ? Math.round(f.totalCents / f.subscribers) : 0);
  return {
    contract: c,
    previous: prev ? { id: prev.id, name: prev.name } : null,
    now,
    before,
    counts: [
      { label: 'Souscripteurs', now: now.subscribers, before: before?.subscribers ?? null },
      { label: 'Livraisons', now: now.deliveries, before: before?.deliveries ?? null },
    ] satisfies Compared[],
    amounts: [
      { label: 'Montant de la saison', now: now.totalCents, before: before?.totalCents ?? null },
      {
        label: 'Montant moyen par souscripteur',
        now: perSubscriber(now),
        before: before ? perSubscriber(before) : null,
      },
    ] satisfies Compared[],
    products: products.quantity,
    units: products.unit,
    months: compareMonths(now, before),
    seasons: seasons
      .map((s): SeasonSummary => {
        const f = figures.get(s.id)!;
        return {
          id: s.id,
          name: s.name,
          firstDelivery: f.firstDelivery,
          lastDelivery: f.lastDelivery,
          subscribers: f.subscribers,
          deliveries: f.deliveries,
          totalCents: f.totalCents,
          current: s.id === c.id,
        };
      })
      .reverse(),
  };
}
