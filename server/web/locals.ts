import type { Request, Response, NextFunction } from 'express';
import type { AmapConfig } from '../config.js';
import { hasRole } from '../lib/context.js';
import { formatCents, formatDate, formatDateTime, fullName } from './view-helpers.js';

export interface NavItem { href: string; label: string }

/** The menu depends on the roles of the member (DESIGN.md: "a menu that depends on the roles"). */
export function navFor(user: Express.User | undefined): NavItem[] {
  if (!user) return [];
  const items: NavItem[] = [{ href: '/', label: 'Accueil' }];
  if (hasRole(user, 'admin')) {
    items.push({ href: '/admin/membres', label: 'Membres' }, { href: '/admin/mails', label: 'Mails' }, { href: '/admin/journal', label: 'Journal' });
  }
  items.push({ href: '/compte', label: 'Mon compte' });
  return items;
}

/** Values every view can use: the AMAP, the member, the menu, CSRF token and formatters. */
export function viewLocals(config: AmapConfig, csrfToken: (req: Request) => string) {
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.amap = config.amap;
    res.locals.currentMember = req.user ?? null;
    res.locals.nav = navFor(req.user);
    res.locals.currentPath = req.path;
    res.locals.csrfToken = () => csrfToken(req);
    res.locals.errors = {};
    res.locals.values = {};
    res.locals.formatCents = formatCents;
    res.locals.formatDate = formatDate;
    res.locals.formatDateTime = (iso: string) => formatDateTime(iso, config.timezone);
    res.locals.fullName = fullName;
    next();
  };
}
