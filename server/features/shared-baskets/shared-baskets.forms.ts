import { SHARE_MODES, type ShareMode } from '../../domain/shared-basket.js';
import { parseId } from '../../web/params.js';
import type { ShareInput } from './shared-baskets.service.js';

/** The sharing form: `coMemberEmail`, `mode`, and for chosen dates one `jour` checkbox per delivery. */
export function parseShareForm(
  body: Record<string, unknown>,
): { ok: true; input: ShareInput } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const email = String(body.coMemberEmail ?? '').trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 200)
    errors.coMemberEmail = 'L’adresse e-mail de l’autre foyer (exemple : paul@exemple.fr).';
  const mode = String(body.mode ?? '') as ShareMode;
  if (!SHARE_MODES.includes(mode)) errors.mode = 'Choisissez qui retire quelles livraisons.';
  const raw = body.jour === undefined ? [] : Array.isArray(body.jour) ? body.jour : [body.jour];
  const deliveryIds = raw.map((v) => parseId(v)).filter((id): id is number => id !== null);
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, input: { coMemberEmail: email, mode, deliveryIds } };
}
