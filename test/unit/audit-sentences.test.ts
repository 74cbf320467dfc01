import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { rootDir } from '../../server/lib/paths.js';
import { KNOWN_ACTIONS } from '../../server/features/audit/audit-labels.js';
import { auditSentence, DESCRIBED_ACTIONS } from '../../server/features/audit/audit-sentences.js';
import type { AuditNames, StoredAuditEntry } from '../../server/features/audit/audit-names.js';

/** Every action name written as a string literal next to `action:` in server/ (recordAudit calls). */
function recordedActions(): string[] {
  const out = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        const source = fs.readFileSync(full, 'utf8');
        if (!source.includes('recordAudit(')) continue;
        for (const m of source.matchAll(/\baction:\s*([^,\n]+)/g))
          for (const lit of m[1].matchAll(/'([a-z][a-z-]*(?:\.[a-z-]+)?)'/g)) out.add(lit[1]);
      }
    }
  };
  walk(path.join(rootDir, 'server'));
  return [...out].sort();
}

const nobody: AuditNames = {
  member: () => null,
  contract: () => null,
  subscription: () => null,
  handover: () => null,
  producer: () => null,
  product: () => null,
  paymentDate: () => null,
  mailSubject: () => null,
  period: () => null,
};

const entry = (action: string, details: Record<string, unknown> = {}): StoredAuditEntry => ({
  id: 1,
  createdAt: '2027-01-07T17:30:00.000Z',
  action,
  actorId: null,
  actorName: null,
  targetType: null,
  targetId: null,
  details,
});

describe('audit sentences (the journal in French)', () => {
  it('has a sentence for every action the code records, and every action has a label', () => {
    const recorded = recordedActions();
    // The scan finds the literal names (cheque.* and password.set-from-* are built from a variable).
    expect(recorded).to.include.members(['login', 'handover.created', 'subscription.cancelled', 'role.granted']);
    expect(KNOWN_ACTIONS).to.include.members(recorded);
    expect(DESCRIBED_ACTIONS).to.include.members([...KNOWN_ACTIONS]);
  });

  it('never shows a key of the code, nor undefined, when details are missing or the things are gone', () => {
    for (const action of DESCRIBED_ACTIONS) {
      const sentence = auditSentence(entry(action), nobody);
      expect(sentence, action).not.to.match(/undefined|NaN|null|\[object/);
      expect(sentence, action).not.to.match(/\b[a-z]+[A-Z][A-Za-z]*\b/);
    }
  });

  it('says changed fields in words, and counts the fields it does not know instead of naming them', () => {
    const sentence = auditSentence(
      entry('settings.updated', { membershipRequired: [false, true], someNewSetting: [1, 2] }),
      nobody,
    );
    expect(sentence).to.equal('Réglages modifiés : adhésion obligatoire pour souscrire non → oui, et 1 autre champ');
  });

  it('elides "de" before a vowel, and writes an unknown action as such', () => {
    const names = { ...nobody, member: () => 'Émile Roux' };
    expect(auditSentence({ ...entry('login'), targetType: 'member', targetId: 3 }, names)).to.equal(
      'Connexion d’Émile Roux',
    );
    expect(auditSentence(entry('something.new'), nobody)).to.equal('Action « something.new »');
  });
});
