/**
 * The first steps of a fresh installation, in the order an AMAP takes them: a producer, its
 * products, a contract, open it, invite the members. Each is ticked once done; one query counts
 * them all.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';

export interface NextStep {
  label: string;
  href: string;
  done: boolean;
}

interface Counts {
  producers: number;
  products: number;
  contracts: number;
  opened: number;
  invited: number;
  firstProducerId: number | null;
}

function counts(db: Db): Counts {
  return db.get<Counts>(sql`select
    (select count(*) from producers) as producers,
    (select count(*) from products) as products,
    (select count(*) from contracts) as contracts,
    (select count(*) from contracts where status <> 'draft') as opened,
    (select count(*) from audit_log where action = 'member.invited')
      + (select count(*) from members m where m.password_hash is not null
           and not exists (select 1 from member_roles r where r.member_id = m.id and r.role = 'admin')) as invited,
    (select min(id) from producers) as firstProducerId`);
}

/** The steps, or null once all are done (the admin's home then shows nothing of them). */
export function nextSteps(db: Db): NextStep[] | null {
  const c = counts(db);
  const steps: NextStep[] = [
    { label: 'Ajouter un producteur', href: '/producteurs/nouveau', done: c.producers > 0 },
    {
      label: 'Ajouter ses produits au catalogue',
      href: c.firstProducerId ? `/producteurs/${c.firstProducerId}#ajouter-produit` : '/producteurs',
      done: c.products > 0,
    },
    { label: 'Créer un contrat de saison', href: '/gestion/contrats/nouveau', done: c.contracts > 0 },
    { label: 'Ouvrir le contrat aux membres', href: '/gestion/contrats', done: c.opened > 0 },
    { label: 'Inviter les membres', href: '/admin/membres', done: c.invited > 0 },
  ];
  return steps.every((s) => s.done) ? null : steps;
}
