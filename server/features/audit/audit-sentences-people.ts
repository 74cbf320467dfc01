/** The journal's sentences about accounts, members, roles, producers, products and settings. */
import { formatEuros, parenthesized } from '../../lib/format.js';
import { countOf, readableChanges, readableFields } from './audit-changes.js';
import { de, detailsMember, quoted, str, num, targetMember, type Describe } from './audit-sentence-kit.js';

const ROLE_WORDS: Record<string, string> = {
  admin: 'administrateur·rice',
  treasurer: 'trésorier·e',
  coordinator: 'responsable des permanences',
};
const role = (v: unknown) => ROLE_WORDS[str(v)] ?? 'inconnu';

const producerOf: Describe = (e, n) =>
  n.producer(e.targetType === 'producer' ? e.targetId : e.details.producerId) ??
  (str(e.details.name) || 'un producteur supprimé');

/** " (e-mail « … », ville « … »)" or nothing. */
const fieldsIn = (details: Record<string, unknown>, keys: string[]) => {
  const f = readableFields(details, keys);
  return f ? ` (${f})` : '';
};

/** The changes after a colon, or nothing when no field the journal knows changed. */
const changesIn = (details: Record<string, unknown>, skip: string[] = []) => {
  const c = readableChanges(details, skip);
  return c ? ` : ${c}` : '';
};

const productName: Describe = (e, n) => n.product(e.targetId) ?? (str(e.details.name) || 'un produit supprimé');

export const PEOPLE_SENTENCES: Record<string, Describe> = {
  installation: (e, n) =>
    `Installation : ${targetMember(e, n)} devient le premier administrateur${fieldsIn(e.details, ['email'])}`,
  login: (e, n) => `Connexion ${de(targetMember(e, n))}`,
  'login.failed': (e) =>
    `Connexion refusée pour ${quoted(str(e.details.email))} : mauvais mot de passe ou adresse inconnue`,
  'login.refused-inactive': (e, n) => `Connexion refusée à ${targetMember(e, n)} : compte désactivé`,
  'password.reset-requested': (e, n) =>
    `Nouveau mot de passe demandé pour ${quoted(str(e.details.email))}` +
    (e.targetId ? ` (${targetMember(e, n)})` : ' : aucun membre n’a cette adresse'),
  'password.set-from-reset': (e, n) =>
    `${targetMember(e, n)} choisit un nouveau mot de passe (lien de réinitialisation)`,
  'password.set-from-invitation': (e, n) => `${targetMember(e, n)} choisit son mot de passe (invitation acceptée)`,
  'password.changed': (e, n) => `${targetMember(e, n)} change son mot de passe`,
  'cli.create-admin': (e, n) =>
    e.details.created === false
      ? `${targetMember(e, n)} devient administrateur (en ligne de commande)`
      : `Administrateur ${targetMember(e, n)} créé en ligne de commande${fieldsIn(e.details, ['email'])}`,

  'member.created': (e, n) => `Fiche ${de(targetMember(e, n))} créée${fieldsIn(e.details, ['email', 'phone', 'city'])}`,
  'member.updated': (e, n) => `Fiche ${de(targetMember(e, n))} modifiée${changesIn(e.details)}`,
  'member.updated-own': (e, n) => `${targetMember(e, n)} modifie ses coordonnées${changesIn(e.details)}`,
  'member.invited': (e, n) => `Invitation envoyée à ${targetMember(e, n)}${fieldsIn(e.details, ['email'])}`,
  'member.deactivated': (e, n) => `${targetMember(e, n)} désactivé·e : ne peut plus se connecter`,
  'member.reactivated': (e, n) => `${targetMember(e, n)} réactivé·e`,
  'member.deleted': (e) => `Fiche ${de(str(e.details.name) || 'un membre')} supprimée${fieldsIn(e.details, ['email'])}`,
  'members.imported': (e) =>
    `Import de membres (CSV) : ${countOf(num(e.details.imported), 'membre importé', 'membres importés')}` +
    (num(e.details.skipped) ? `, ${countOf(num(e.details.skipped), 'ligne écartée', 'lignes écartées')}` : ''),
  'amapj.imported': (e) => {
    const report = (e.details.report ?? {}) as { contracts?: unknown[]; differences?: unknown };
    const contracts = Array.isArray(report.contracts) ? report.contracts.length : 0;
    return (
      `Import depuis AmapJ : ${countOf(contracts, 'contrat repris', 'contrats repris')}, ` +
      countOf(num(report.differences), 'différence', 'différences')
    );
  },
  'role.granted': (e, n) => `Rôle ${role(e.details.role)} donné à ${targetMember(e, n)}`,
  'role.removed': (e, n) => `Rôle ${role(e.details.role)} retiré à ${targetMember(e, n)}`,
  'mail.retried': (e, n) => {
    const subject = n.mailSubject(e.targetId);
    return `Mail ${subject ? quoted(subject) : 'supprimé'} remis en file d’envoi`;
  },
  'settings.updated': (e) => `Réglages modifiés${changesIn(e.details)}`,

  'producer.created': (e) =>
    `Producteur ${quoted(str(e.details.name))} créé` +
    (str(e.details.payee) ? ` (chèques à l’ordre de ${str(e.details.payee)})` : ''),
  'producer.updated': (e, n) => `Producteur ${quoted(producerOf(e, n))} modifié${changesIn(e.details)}`,
  'producer.deactivated': (e, n) => `Producteur ${quoted(producerOf(e, n))} désactivé`,
  'producer.reactivated': (e, n) => `Producteur ${quoted(producerOf(e, n))} réactivé`,
  'product.created': (e, n) =>
    `Produit ${quoted(str(e.details.name))} ${parenthesized(`${str(e.details.unit)}, ${formatEuros(num(e.details.priceCents))}`)} ajouté au catalogue ${de(producerOf(e, n))}`,
  'product.updated': (e, n) =>
    `Produit ${quoted(productName(e, n))} ${de(producerOf(e, n))} modifié${changesIn(e.details, ['producerId'])}`,
  'product.deactivated': (e, n) => `Produit ${quoted(productName(e, n))} ${de(producerOf(e, n))} désactivé`,
  'product.reactivated': (e, n) => `Produit ${quoted(productName(e, n))} ${de(producerOf(e, n))} de nouveau proposé`,
  'referent.added': (e, n) =>
    `${detailsMember(e, n)} devient référent·e ${de(producerOf(e, n))}` +
    (e.details.notify === false ? ' (sans les mails)' : ' (reçoit les mails)'),
  'referent.removed': (e, n) => `${detailsMember(e, n)} n’est plus référent·e ${de(producerOf(e, n))}`,
  'referent.notify-changed': (e, n) =>
    e.details.notify
      ? `${detailsMember(e, n)} reçoit de nouveau les mails ${de(producerOf(e, n))}`
      : `${detailsMember(e, n)} ne reçoit plus les mails ${de(producerOf(e, n))}`,
  'producer-account.added': (e, n) => `Compte producteur ${de(producerOf(e, n))} donné à ${detailsMember(e, n)}`,
  'producer-account.removed': (e, n) => `Compte producteur ${de(producerOf(e, n))} retiré à ${detailsMember(e, n)}`,
};
