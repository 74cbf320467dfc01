/**
 * The text of a contract agreement (contrat d'engagement): the contract's own `conditions`, or the
 * AMAP's usual commitments when the referent left it empty. Plain paragraphs separated by a blank
 * line; a single line break stays inside its paragraph.
 */

export const DEFAULT_CONDITIONS = [
  'Le ou la signataire s’engage pour toute la saison : il ou elle paie à l’avance la part de récolte commandée ' +
    'et vient la chercher à chaque distribution, ou la fait chercher par une personne de son choix. Une part non ' +
    'retirée reste due et n’est pas remboursée.',
  'Le producteur s’engage à livrer des produits de sa ferme, de saison et de qualité, cultivés dans le respect de ' +
    'la charte des AMAP, et à informer l’AMAP au plus tôt de tout aléa (climat, récolte, maladie) qui modifierait ' +
    'les livraisons. Les risques d’une mauvaise récolte sont partagés : l’AMAP et le producteur cherchent ensemble ' +
    'une solution équitable.',
  'L’AMAP s’engage à organiser les distributions, à tenir la liste des contrats et des chèques, et à remettre ' +
    'chaque mois au producteur les chèques dus à la date d’encaissement prévue.',
  'Les chèques sont remis à l’AMAP à la signature du contrat ; chacun est encaissé par le producteur au mois ' +
    'indiqué dans l’échéancier. Le contrat ne peut être résilié en cours de saison qu’en cas de force majeure, ' +
    'avec l’accord du producteur et du ou de la référent·e.',
].join('\n\n');

/** The text printed on the agreement: the contract's conditions, or the default ones. */
export function conditionsText(stored: string | null | undefined): string {
  const own = stored?.trim();
  return own ? own : DEFAULT_CONDITIONS;
}

/** The paragraphs of a text (blank lines separate them), each trimmed, none empty. */
export function paragraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}
