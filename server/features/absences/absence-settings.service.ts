/**
 * A contract's absence settings, set by its referents: freely before the contract opens, then only
 * in the members' favour (`refusedSettingChanges`), since members subscribed under the old rules.
 */
import type { Actor, Ctx } from '../../lib/context.js';
import { contractAbsenceSettings } from '../../db/schema/index.js';
import { may } from '../../domain/access.js';
import { refusedSettingChanges, type AbsenceSettings, type SettingsField } from '../../domain/absences.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { loadContract, type ContractBundle } from '../../read/contract-bundle.js';
import { absenceSettingsOf } from '../../read/absences.js';
import { recordAudit } from '../audit/audit.service.js';

const REFUSED: Record<SettingsField, string> = {
  absencesAllowed: 'Le contrat est ouvert : les absences ne peuvent plus être retirées aux membres.',
  maxPerMember: 'Le contrat est ouvert : le nombre d’absences ne peut que grandir.',
  noticeDays: 'Le contrat est ouvert : le délai ne peut que raccourcir.',
  mode: 'Le contrat est ouvert : le report ou la déduction ne change plus.',
  exchangeAllowed: 'Le contrat est ouvert : les paniers à donner ne peuvent plus être retirés aux membres.',
  exchangeHours: 'Le contrat est ouvert : ce délai ne peut que raccourcir.',
};

export function settingsAccess(ctx: Ctx, actor: Actor, contractId: number): ContractBundle {
  const bundle = loadContract(ctx.db, contractId);
  if (!bundle) throw new NotFoundError('Ce contrat n’existe pas.');
  if (!may(actor, 'manage-contracts', { type: 'contract', producerId: bundle.contract.producerId }))
    throw new ForbiddenError();
  return bundle;
}

export function absenceSettingsPage(ctx: Ctx, actor: Actor, contractId: number) {
  const bundle = settingsAccess(ctx, actor, contractId);
  return {
    bundle,
    settings: absenceSettingsOf(ctx.db, [contractId]).get(contractId)!,
    opened: bundle.contract.status !== 'draft',
  };
}

export function saveAbsenceSettings(ctx: Ctx, actor: Actor, contractId: number, next: AbsenceSettings): void {
  ctx.db.transaction(() => {
    const bundle = settingsAccess(ctx, actor, contractId);
    if (bundle.contract.status === 'archived')
      throw new ValidationError({ message: 'Ce contrat est archivé : il ne change plus.' });
    const before = absenceSettingsOf(ctx.db, [contractId]).get(contractId)!;
    const refused = refusedSettingChanges(before, next, bundle.contract.status !== 'draft');
    if (refused.length) throw new ValidationError(Object.fromEntries(refused.map((f) => [f, REFUSED[f]])));
    const updatedAt = ctx.clock().toISOString();
    ctx.db
      .insert(contractAbsenceSettings)
      .values({ contractId, ...next, updatedAt })
      .onConflictDoUpdate({ target: contractAbsenceSettings.contractId, set: { ...next, updatedAt } })
      .run();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'contract.absence-settings',
      targetType: 'contract',
      targetId: contractId,
      details: { contractId, before, after: next },
    });
  });
}
