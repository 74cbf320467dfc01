/**
 * File names of the contract documents (issue "Syntheses and documents"): the contract's slug for
 * season documents (`synthese-legumes-ete-2027.xlsx`), its name without the season words when a
 * date already says when (`livraison-legumes-2027-05-06.pdf`).
 */
import { slug } from '../lib/format.js';

/** Words that say the season, not the contract: years, seasons, "1er semestre"… */
const SEASON_WORD =
  /^(\d{4}|\d{2}|ete|hiver|printemps|automne|saison|semestre|trimestre|annee|1er|1re|2e|2nd|2eme|3e|4e)$/;

/** "Légumes été 2027" → "legumes"; "Pain 1er semestre" → "pain"; a name of season words only keeps them. */
export function seasonlessSlug(contractName: string): string {
  const words = slug(contractName).split('-');
  const kept = words.filter((w) => !SEASON_WORD.test(w));
  return kept.length ? kept.join('-') : words.join('-');
}

/** `livraison-legumes-2027-05-06` for one delivery, `livraisons-legumes-2027-05-06-au-2027-06-24` for several. */
export function deliveryFileStem(data: {
  contractName: string;
  days: readonly { deliveryOn: string }[];
  from: string;
  to: string;
}): string {
  const name = seasonlessSlug(data.contractName);
  if (data.days.length === 1) return `livraison-${name}-${data.days[0].deliveryOn}`;
  const from = data.days[0]?.deliveryOn ?? data.from;
  const to = data.days.at(-1)?.deliveryOn ?? data.to;
  return `livraisons-${name}-${from}-au-${to}`;
}
