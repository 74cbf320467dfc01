import { expect } from 'chai';
import {
  CHEQUE_ACTIONS,
  CHEQUE_STATUSES,
  transition,
  type ChequeAction,
  type ChequeStatus,
} from '../../server/domain/cheque-status.js';

/** The whole table, written out: every (status, action) pair is either allowed here or refused. */
const ALLOWED: Record<string, ChequeStatus> = {
  'promised/receive': 'received',
  'promised/cancel': 'cancelled',
  'received/undo-receive': 'promised',
  'received/return': 'returned',
  'received/hand-over': 'handed_over',
  'handed_over/undo-hand-over': 'received',
};

describe('cheque state machine', () => {
  for (const status of CHEQUE_STATUSES) {
    for (const action of CHEQUE_ACTIONS) {
      const key = `${status}/${action}`;
      const expected = ALLOWED[key];
      it(expected ? `${key} → ${expected}` : `${key} is refused`, () => {
        const r = transition(status as ChequeStatus, action as ChequeAction);
        if (expected) {
          expect(r).to.deep.equal({ ok: true, status: expected });
        } else {
          expect(r.ok).to.equal(false);
          if (!r.ok) expect(r.message).to.match(/^Impossible (de |d’).+ ce chèque : .+\.$/);
        }
      });
    }
  }

  it('says why in French', () => {
    expect(transition('promised', 'hand-over')).to.deep.equal({
      ok: false,
      message: 'Impossible de remettre au producteur ce chèque : il n’a pas encore été reçu.',
    });
    expect(transition('cancelled', 'receive')).to.deep.equal({
      ok: false,
      message: 'Impossible de recevoir ce chèque : il est annulé.',
    });
    expect(transition('promised', 'undo-receive')).to.deep.equal({
      ok: false,
      message: 'Impossible d’annuler la réception de ce chèque : il n’a pas encore été reçu.',
    });
    expect(transition('handed_over', 'return')).to.deep.equal({
      ok: false,
      message: 'Impossible de rendre ce chèque : il est déjà remis au producteur.',
    });
  });
});
