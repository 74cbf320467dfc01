import { expect } from 'chai';
import {
  heldPlaces,
  listOrder,
  moveInList,
  offerRound,
  placeInList,
  type Entry,
} from '../../server/domain/waiting-list.js';

const entry = (id: number, over: Partial<Entry> = {}): Entry => ({
  id,
  memberId: 100 + id,
  contractProductId: 7,
  position: id,
  status: 'waiting',
  offerExpiresOn: null,
  ...over,
});

describe('waiting list', () => {
  it('orders by position, leaves out who left or was served, and says each one’s place', () => {
    const entries = [entry(1, { position: 3 }), entry(2, { status: 'left' }), entry(3, { position: 1 }), entry(4)];
    expect(listOrder(entries).map((e) => e.id)).to.deep.equal([3, 1, 4]);
    expect(placeInList(entries, 101)).to.equal(2);
    expect(placeInList(entries, 102)).to.equal(null);
  });

  it('offers each free place to the first one waiting for it, held the setting’s days (today included)', () => {
    const r = offerRound([entry(1), entry(2), entry(3)], new Map([[7, 1]]), '2026-11-28', 3);
    expect(r).to.deep.equal({ expire: [], offer: [{ entryId: 1, memberId: 101, expiresOn: '2026-11-30' }] });
  });

  it('offers nothing twice: an offer still running holds its place', () => {
    const held = [entry(1, { status: 'offered', offerExpiresOn: '2026-11-30' }), entry(2)];
    expect(offerRound(held, new Map([[7, 1]]), '2026-11-30', 3).offer).to.deep.equal([]);
  });

  it('expires an offer after its last day and gives the place to the next', () => {
    const held = [entry(1, { status: 'offered', offerExpiresOn: '2026-11-30' }), entry(2)];
    const r = offerRound(held, new Map([[7, 1]]), '2026-12-01', 3);
    expect(r.expire).to.deep.equal([1]);
    expect(r.offer.map((o) => o.entryId)).to.deep.equal([2]);
  });

  it('skips someone waiting for a full product for the next one whose product has a place', () => {
    const entries = [entry(1, { contractProductId: 8 }), entry(2)];
    const r = offerRound(
      entries,
      new Map([
        [7, 1],
        [8, 0],
      ]),
      '2026-11-28',
      3,
    );
    expect(r.offer.map((o) => o.entryId)).to.deep.equal([2]);
  });

  it('holds a place on every capped product for an offer on the whole contract', () => {
    const entries = [entry(1, { contractProductId: null, status: 'offered', offerExpiresOn: '2026-12-01' })];
    expect([...heldPlaces(entries, '2026-11-28', [7, 8])]).to.deep.equal([
      [7, 1],
      [8, 1],
    ]);
    expect([...heldPlaces(entries, '2026-11-28', [7, 8], 101)]).to.deep.equal([
      [7, 0],
      [8, 0],
    ]);
  });

  it('moves an entry one step, and not past the ends', () => {
    expect(moveInList([1, 2, 3], 3, 'up')).to.deep.equal([1, 3, 2]);
    expect(moveInList([1, 2, 3], 1, 'up')).to.deep.equal([1, 2, 3]);
    expect(moveInList([1, 2, 3], 3, 'down')).to.deep.equal([1, 2, 3]);
  });
});
