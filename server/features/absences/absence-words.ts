/** The French words of the absence and basket rules' refusals, one per reason of the domain. */
import type { AbsenceProblem } from '../../domain/absences.js';
import type { OfferProblem } from '../../domain/basket-exchange.js';
import { formatDayLong } from '../../lib/format.js';

export function absenceProblemText(p: AbsenceProblem): string {
  switch (p.reason) {
    case 'not-allowed':
      return 'Ce contrat ne prévoit pas d’absences.';
    case 'cancelled-delivery':
      return 'Cette livraison est annulée.';
    case 'past':
      return 'Cette livraison est passée.';
    case 'too-late':
      return `Trop tard : c’était possible jusqu’au ${formatDayLong(p.deadline)}. Adressez-vous au·à la référent·e du contrat.`;
    case 'already-absent':
      return 'Cette absence est déjà signalée.';
    case 'receives-carry-over':
      return 'Ce jour reçoit un panier reporté : pas d’absence possible ce jour-là.';
    case 'nothing-to-collect':
      return 'Rien à retirer à cette livraison.';
    case 'basket-offered':
      return 'Ce panier est proposé à d’autres membres : retirez d’abord l’offre.';
    case 'limit':
      return `Vous avez déjà signalé ${p.max} absence${p.max > 1 ? 's' : ''}, le maximum de ce contrat pour la saison.`;
    case 'target-needed':
      return 'Choisissez la livraison qui recevra votre panier.';
    case 'bad-target':
      return 'Le report se fait sur une livraison suivante de ce contrat, non annulée et sans absence.';
    case 'no-room':
      return 'Cette livraison est complète : choisissez-en une autre.';
  }
}

export function offerProblemText(p: OfferProblem): string {
  switch (p.reason) {
    case 'not-allowed':
      return 'Ce contrat ne permet pas de donner son panier.';
    case 'cancelled-delivery':
      return 'Cette livraison est annulée.';
    case 'too-late':
      return 'Trop tard pour proposer ce panier.';
    case 'nothing-to-collect':
      return 'Rien à retirer à cette livraison.';
    case 'absent':
      return 'Vous avez signalé une absence ce jour-là : il n’y a pas de panier à donner.';
    case 'already-offered':
      return 'Ce panier est déjà proposé.';
  }
}
