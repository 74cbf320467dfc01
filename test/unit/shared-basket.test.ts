import { expect } from 'chai';
import { coMemberDeliveryIds, deliveryRanks } from '../../server/domain/shared-basket.js';

const deliveries = [
  { id: 11, deliveryOn: '2027-01-14', cancelled: false },
  { id: 10, deliveryOn: '2027-01-07', cancelled: false },
  { id: 12, deliveryOn: '2027-01-21', cancelled: true },
  { id: 13, deliveryOn: '2027-01-28', cancelled: false },
  { id: 14, deliveryOn: '2027-02-04', cancelled: false },
];

describe('shared basket: who collects which delivery', () => {
  it('ranks the deliveries in date order, cancelled ones not counted', () => {
    expect([...deliveryRanks(deliveries)]).to.deep.equal([
      [10, 1],
      [11, 2],
      [13, 3],
      [14, 4],
    ]);
  });

  it('gives the co-member the even deliveries, or the odd ones when inverted, or the chosen ones', () => {
    expect([...coMemberDeliveryIds('alternate', deliveries, new Set())]).to.have.members([11, 14]);
    expect([...coMemberDeliveryIds('alternate-inverted', deliveries, new Set())]).to.have.members([10, 13]);
    expect([...coMemberDeliveryIds('dates', deliveries, new Set([13, 12]))]).to.deep.equal([13]);
  });
});
