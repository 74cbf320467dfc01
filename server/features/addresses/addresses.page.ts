/** The view model of /adresses: the list built from the filters, ready to paste, mail or download. */
import type { Actor } from '../../domain/access.js';
import type { Ctx } from '../../lib/context.js';
import { displayName, sortName } from '../../lib/format.js';
import { filterPairs, filterQuery, isEmptyFilter, type AudienceFilter } from './audience-filter.js';
import { audienceChoices, mayReachSomeone, resolveAudience, type AudienceChoices } from './audience.js';
import { phonesOf } from './addresses.csv.js';

/** Mail clients refuse or mangle very long recipient lists: one mailto link per group of this many. */
export const MAILTO_GROUP = 50;

export interface AddressesPage {
  filter: AudienceFilter;
  /** The filter's query string (for the CSV and message links). */
  query: string;
  /** The filter as hidden fields of another form. */
  pairs: [string, string][];
  empty: boolean;
  choices: AudienceChoices;
  count: number;
  people: { name: string; email: string | null; phones: string; optedOut: boolean }[];
  /** Members without an e-mail address, to be called: name and phones. */
  withoutEmail: { name: string; phones: string }[];
  /** "a@x.fr, b@y.fr": what a mail client's BCC field takes. */
  pasteText: string;
  mailtoGroups: { href: string; from: number; to: number }[];
  currentPeriodNames: string[];
  /** Whether "Écrire un message à ces personnes" is offered. */
  mayWrite: boolean;
}

export function groupsOf<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `mailto:?bcc=…`: every address in blind copy, so that nobody sees the others'. */
export function mailtoHref(addresses: readonly string[]): string {
  return 'mailto:?bcc=' + addresses.map((a) => encodeURIComponent(a).replace(/%40/g, '@')).join(',');
}

export function addressesPage(ctx: Ctx, actor: Actor, raw: AudienceFilter): AddressesPage {
  const audience = resolveAudience(ctx, actor, 'list-addresses', raw);
  const { filter, members } = audience;
  const addresses = members.map((m) => m.email).filter((e): e is string => !!e);
  let start = 0;
  return {
    filter,
    query: filterQuery(filter),
    pairs: filterPairs(filter),
    empty: isEmptyFilter(filter),
    choices: audienceChoices(ctx, audience.scope),
    count: members.length,
    people: members.map((m) => ({ name: sortName(m), email: m.email, phones: phonesOf(m), optedOut: m.mailOptOut })),
    withoutEmail: members.filter((m) => !m.email).map((m) => ({ name: displayName(m), phones: phonesOf(m) })),
    pasteText: addresses.join(', '),
    mailtoGroups: groupsOf(addresses, MAILTO_GROUP).map((g) => {
      const group = { href: mailtoHref(g), from: start + 1, to: start + g.length };
      start += g.length;
      return group;
    }),
    currentPeriodNames: audience.currentPeriodNames,
    mayWrite: mayReachSomeone(actor, 'send-messages'),
  };
}
