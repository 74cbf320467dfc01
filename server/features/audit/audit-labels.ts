/** The name of each audit action (the fallback of a sentence), and the kinds the journal filters by. */
const LABELS: Record<string, string> = {
  installation: 'Installation (premier administrateur)',
  login: 'Connexion',
  'login.failed': 'Connexion refusée (mauvais mot de passe ou adresse inconnue)',
  'login.refused-inactive': 'Connexion refusée (compte désactivé)',
  'password.reset-requested': 'Demande de nouveau mot de passe',
  'password.set-from-reset': 'Nouveau mot de passe (lien de réinitialisation)',
  'password.set-from-invitation': 'Mot de passe choisi (invitation)',
  'password.changed': 'Mot de passe changé',
  'member.created': 'Membre créé',
  'member.updated': 'Fiche de membre modifiée',
  'member.updated-own': 'Coordonnées modifiées par le membre',
  'member.invited': 'Invitation envoyée',
  'member.deactivated': 'Membre désactivé',
  'member.reactivated': 'Membre réactivé',
  'member.deleted': 'Membre supprimé',
  'members.imported': 'Import de membres (CSV)',
  'role.granted': 'Rôle donné',
  'role.removed': 'Rôle retiré',
  'mail.retried': 'Mail remis en file d’envoi',
  'cli.create-admin': 'Administrateur créé en ligne de commande',
  'producer.created': 'Producteur créé',
  'producer.updated': 'Producteur modifié',
  'producer.deactivated': 'Producteur désactivé',
  'producer.reactivated': 'Producteur réactivé',
  'product.created': 'Produit ajouté au catalogue',
  'product.updated': 'Produit modifié',
  'product.deactivated': 'Produit désactivé',
  'product.reactivated': 'Produit réactivé',
  'referent.added': 'Référent·e ajouté·e',
  'referent.removed': 'Référent·e retiré·e',
  'referent.notify-changed': 'Notifications du·de la référent·e changées',
  'producer-account.added': 'Compte producteur ajouté',
  'producer-account.removed': 'Compte producteur retiré',
  'contract.created': 'Contrat créé',
  'contract.updated': 'Contrat modifié',
  'contract.products-set': 'Produits et prix du contrat',
  'contract.opened': 'Contrat ouvert aux membres',
  'contract.unpublished': 'Contrat repassé en brouillon',
  'contract.archived': 'Contrat archivé',
  'contract.copied': 'Contrat copié pour la saison suivante',
  'contract.deliveries-added': 'Dates de livraison ajoutées',
  'contract.delivery-removed': 'Date de livraison retirée',
  'contract.delivery-cancelled': 'Livraison annulée',
  'contract.payment-dates-reset': 'Dates d’encaissement recalculées',
  'contract.payment-date-added': 'Date d’encaissement ajoutée',
  'contract.payment-date-removed': 'Date d’encaissement retirée',
  'subscription.created': 'Souscription',
  'subscription.updated': 'Souscription modifiée',
  'subscription.cancelled': 'Souscription annulée',
  'membership-period.created': 'Période d’adhésion créée',
  'membership-period.updated': 'Période d’adhésion modifiée',
  'membership.created': 'Adhésion enregistrée',
  'membership.updated': 'Adhésion modifiée',
  'membership.received': 'Adhésion reçue par la trésorerie',
  'membership.reception-undone': 'Réception d’adhésion annulée',
  'settings.updated': 'Réglages modifiés',
  'cheque.receive': 'Chèque reçu',
  'cheque.undo-receive': 'Réception de chèque annulée',
  'cheque.return': 'Chèque rendu au membre',
  'cheque.hand-over': 'Chèque remis au producteur',
  'cheque.undo-hand-over': 'Remise de chèque annulée',
  'handover.created': 'Remise au producteur',
  'handover.undone': 'Remise annulée',
  'credit.granted': 'Avoir accordé',
  'handover.slip-mailed': 'Bordereau de remise envoyé au producteur',
  'distribution-day.added': 'Journée de distribution ajoutée',
  'distribution-day.updated': 'Journée de distribution modifiée',
  'distribution-day.cancelled': 'Distribution annulée',
  'distribution-day.restored': 'Distribution rétablie',
  'duty.signed-up': 'Inscription à une permanence',
  'duty.assigned': 'Inscription à une permanence par la coordination',
  'duty.withdrawn': 'Retrait d’une permanence',
  'duty.removed': 'Retrait d’une permanence par la coordination',
  'duty.stand-in-sought': 'Remplaçant·e recherché·e',
  'duty.replaced': 'Permanence reprise par un·e remplaçant·e',
  'duty.proposal-applied': 'Proposition de permanences appliquée',
};

/** Unknown actions (an older version's, say) read as "Action « code »". */
export function auditLabel(action: string): string {
  return LABELS[action] ?? `Action « ${action} »`;
}

export const KNOWN_ACTIONS: readonly string[] = Object.keys(LABELS);

/** A family of actions, as the journal's "Type" filter offers them: an action is `prefix` or `prefix.…`. */
export interface AuditKind {
  slug: string;
  label: string;
  prefixes: string[];
}

export const AUDIT_KINDS: readonly AuditKind[] = [
  { slug: 'connexions', label: 'Connexions et mots de passe', prefixes: ['login', 'password', 'installation', 'cli'] },
  { slug: 'membres', label: 'Membres et rôles', prefixes: ['member', 'members', 'role'] },
  {
    slug: 'producteurs',
    label: 'Producteurs et produits',
    prefixes: ['producer', 'product', 'referent', 'producer-account'],
  },
  { slug: 'contrats', label: 'Contrats', prefixes: ['contract'] },
  { slug: 'souscriptions', label: 'Souscriptions', prefixes: ['subscription'] },
  { slug: 'argent', label: 'Chèques, remises et avoirs', prefixes: ['cheque', 'handover', 'credit'] },
  { slug: 'adhesions', label: 'Adhésions', prefixes: ['membership', 'membership-period'] },
  { slug: 'reglages', label: 'Réglages et mails', prefixes: ['settings', 'mail'] },
];
