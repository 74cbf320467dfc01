import { expect } from 'chai';
import { distributionDays, orphanDays, type StoredDay } from '../../server/domain/distribution-days.js';

const defaults = {
  place: 'Cour de l’école',
  startTime: '18:30',
  endTime: '19:30',
  placesNeeded: 3,
  roles: [] as { name: string; places: number }[],
};
const veg = { contractId: 1, contractName: 'Légumes', producerId: 1, producerName: 'GAEC des Volcans' };
const bread = { contractId: 2, contractName: 'Pain', producerId: 2, producerName: 'Boulangerie Roux' };
const stored = (on: string, s: Partial<StoredDay> = {}): StoredDay => ({
  on,
  addedByHand: false,
  title: null,
  place: null,
  startTime: null,
  endTime: null,
  note: null,
  placesNeeded: null,
  customRoles: false,
  cancelledAt: null,
  cancelReason: null,
  ...s,
});

describe('distribution days', () => {
  it('are the days contracts deliver on, once each, with the contracts by producer name and the defaults', () => {
    const days = distributionDays({
      deliveries: [
        { on: '2027-05-13', ...veg },
        { on: '2027-05-06', ...veg },
        { on: '2027-05-06', ...bread },
      ],
      stored: [],
      customRoles: new Map(),
      defaults,
    });
    expect(days.map((d) => d.on)).to.deep.equal(['2027-05-06', '2027-05-13']);
    expect(days[0].contracts.map((c) => c.producerName)).to.deep.equal(['Boulangerie Roux', 'GAEC des Volcans']);
    expect(days[0]).to.include({ place: 'Cour de l’école', startTime: '18:30', endTime: '19:30', placesNeeded: 3 });
    expect(days[0].roles).to.deep.equal([{ name: '', places: 3 }]);
  });

  it('take what a person set over the defaults, and keep a day added by hand without deliveries', () => {
    const days = distributionDays({
      deliveries: [{ on: '2027-05-06', ...veg }],
      stored: [
        stored('2027-05-06', { place: 'Préau', note: 'Entrée par le portail arrière', placesNeeded: 4 }),
        stored('2027-06-20', { addedByHand: true, title: 'Assemblée générale', startTime: '10:00' }),
      ],
      customRoles: new Map(),
      defaults,
    });
    expect(days.map((d) => d.on)).to.deep.equal(['2027-05-06', '2027-06-20']);
    expect(days[0]).to.include({ place: 'Préau', note: 'Entrée par le portail arrière', placesNeeded: 4 });
    expect(days[1]).to.include({ title: 'Assemblée générale', startTime: '10:00', addedByHand: true });
    expect(days[1].contracts).to.deep.equal([]);
  });

  it('drop a stored day whose deliveries all went, and name its sign-ups as orphans', () => {
    const days = distributionDays({
      deliveries: [{ on: '2027-05-06', ...veg }],
      stored: [stored('2027-05-13', { note: 'changé' })],
      customRoles: new Map(),
      defaults,
    });
    expect(days.map((d) => d.on)).to.deep.equal(['2027-05-06']);
    expect(orphanDays(days, ['2027-05-06', '2027-05-13', '2027-05-13'])).to.deep.equal(['2027-05-13']);
  });

  it('use the default roles, or the roles set for that day, and count their places', () => {
    const withRoles = {
      ...defaults,
      roles: [
        { name: 'Ouverture', places: 1 },
        { name: 'Accueil', places: 2 },
      ],
    };
    const days = distributionDays({
      deliveries: [
        { on: '2027-05-06', ...veg },
        { on: '2027-05-13', ...veg },
        { on: '2027-05-20', ...veg },
      ],
      stored: [
        stored('2027-05-13', { customRoles: true }),
        stored('2027-05-20', { customRoles: true, placesNeeded: 2 }),
      ],
      customRoles: new Map([['2027-05-13', [{ name: 'Caisse et chèques', places: 1 }]]]),
      defaults: withRoles,
    });
    expect(days[0].roles.map((r) => r.name)).to.deep.equal(['Ouverture', 'Accueil']);
    expect(days[0].placesNeeded).to.equal(3);
    expect(days[1].roles).to.deep.equal([{ name: 'Caisse et chèques', places: 1 }]);
    // Roles removed by hand for that day: just the number of people.
    expect(days[2].roles).to.deep.equal([{ name: '', places: 2 }]);
  });

  it('say a cancelled day is cancelled, with its reason', () => {
    const [d] = distributionDays({
      deliveries: [{ on: '2027-05-06', ...veg }],
      stored: [stored('2027-05-06', { cancelledAt: '2027-05-01T10:00:00Z', cancelReason: 'Férié' })],
      customRoles: new Map(),
      defaults,
    });
    expect(d).to.include({ cancelled: true, cancelReason: 'Férié' });
  });
});
