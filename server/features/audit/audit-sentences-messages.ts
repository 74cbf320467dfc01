/** The journal's sentences about messages sent from the app (issue 11). */
import { num, quoted, str, type Describe } from './audit-sentence-kit.js';

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

export const MESSAGE_SENTENCES: Record<string, Describe> = {
  'message.sent': (e) => {
    const skipped = [
      num(e.details.noAddress) ? plural(num(e.details.noAddress), 'sans adresse', 'sans adresse') : '',
      num(e.details.optedOut)
        ? plural(num(e.details.optedOut), 'ayant refusé les annonces', 'ayant refusé les annonces')
        : '',
    ].filter(Boolean);
    return (
      `Message ${str(e.details.subject) ? quoted(str(e.details.subject)) : 'sans objet connu'} envoyé à ` +
      plural(num(e.details.recipients), 'membre', 'membres') +
      ` (${plural(num(e.details.queued), 'mail', 'mails')}${skipped.length ? `, ${skipped.join(', ')}` : ''})`
    );
  },
};
