/** How each audit action reads in the journal. Unknown actions show their code. */
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
};

export function auditLabel(action: string): string {
  return LABELS[action] ?? action;
}
