import type { Request, Response, NextFunction } from 'express';
import type { AmapConfig } from '../config.js';
import { may, mayOnSomeProducer } from '../domain/access.js';
import {
  deMonth,
  displayName,
  formatDayLong,
  formatDayMonth,
  formatDayShort,
  formatEuros,
  formatHours,
  formatMoment,
  formatTime,
  parenthesized,
  sortName,
} from '../lib/format.js';
import { monthLabel, monthsLabel } from '../domain/cheque-grouping.js';

export interface NavItem {
  href: string;
  label: string;
  /** Path prefix that marks the item as the current one (default: href). */
  match?: string;
  /** In the "Plus" disclosure, so that the menu stays one line on a phone. */
  more?: true;
}

/**
 * The menu shows what the member may do (domain/access.ts), so a link never leads to a 403 page.
 * The four things a member does most stay in sight; the rest (their contracts' details, the role
 * menus) go under "Plus".
 */
export function navFor(user: Express.User | undefined): NavItem[] {
  if (!user) return [];
  const items: NavItem[] = [
    { href: '/', label: 'Accueil' },
    { href: '/contrats', label: 'Contrats' },
    { href: '/mes-paiements', label: 'Paiements' },
    { href: '/compte', label: 'Compte' },
    { href: '/permanences', label: 'Permanences', match: '/permanences', more: true },
    { href: '/mes-contrats', label: 'Mes contrats', more: true },
    { href: '/planning', label: 'Planning', more: true },
  ];
  if (may(user, 'coordinate-duty', { type: 'amap' }))
    items.push({ href: '/coordination', label: 'Coordination des permanences', match: '/coordination', more: true });
  if (mayOnSomeProducer(user, 'see-orders'))
    items.push({ href: '/gestion/contrats', label: 'Gestion des contrats', match: '/gestion', more: true });
  if (mayOnSomeProducer(user, 'manage-contracts'))
    items.push({ href: '/producteurs', label: 'Producteurs', more: true });
  if (mayOnSomeProducer(user, 'handle-money')) items.push({ href: '/tresorerie', label: 'Trésorerie', more: true });
  if (may(user, 'list-addresses', { type: 'people-on-duty' }))
    items.push({ href: '/adresses', label: 'Adresses', more: true });
  if (may(user, 'send-messages', { type: 'people-on-duty' }))
    items.push({ href: '/messages', label: 'Messages', more: true });
  if (may(user, 'administer', { type: 'amap' }))
    items.push({ href: '/admin/membres', label: 'Administration', match: '/admin', more: true });
  return items;
}

/**
 * Defaults for app.locals, so that any page renders, even an error page thrown before the
 * per-request locals were set (a malformed body, say).
 */
export function appLocals(config: AmapConfig): Record<string, unknown> {
  return {
    amap: config.amap,
    currentMember: null,
    nav: [],
    currentPath: '',
    csrfToken: () => '',
    takeFlashes: () => [],
    errors: {},
    values: {},
    formatEuros,
    formatDayLong,
    formatDayShort,
    formatMoment: (iso: string) => formatMoment(iso, config.timezone),
    formatDayMonth,
    formatTime,
    formatHours,
    parenthesized,
    deMonth,
    displayName,
    sortName,
    monthLabel,
    monthsLabel,
  };
}

/** Per-request values: the member, the menu, the CSRF token. */
export function viewLocals(csrfToken: (req: Request) => string) {
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.currentMember = req.user ?? null;
    res.locals.nav = navFor(req.user);
    res.locals.currentPath = req.path;
    res.locals.csrfToken = () => csrfToken(req);
    next();
  };
}
