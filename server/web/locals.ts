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
}

/** The menu shows what the member may do (domain/access.ts), so a link never leads to a 403 page. */
export function navFor(user: Express.User | undefined): NavItem[] {
  if (!user) return [];
  const items: NavItem[] = [
    { href: '/', label: 'Accueil' },
    { href: '/contrats', label: 'Contrats' },
    { href: '/mes-contrats', label: 'Mes contrats' },
    { href: '/mes-paiements', label: 'Mes paiements' },
  ];
  if (mayOnSomeProducer(user, 'see-orders'))
    items.push({ href: '/gestion/contrats', label: 'Gestion des contrats', match: '/gestion' });
  if (mayOnSomeProducer(user, 'manage-contracts')) items.push({ href: '/producteurs', label: 'Producteurs' });
  if (mayOnSomeProducer(user, 'handle-money')) items.push({ href: '/tresorerie', label: 'Trésorerie' });
  if (may(user, 'administer', { type: 'amap' }))
    items.push({ href: '/admin/membres', label: 'Administration', match: '/admin' });
  items.push({ href: '/compte', label: 'Mon compte' });
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
