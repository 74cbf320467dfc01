import { expect } from 'chai';
import {
  checkRoles,
  dutySeason,
  isoWeek,
  placeProblem,
  shiftPhase,
  withdrawalDeadline,
  type RosterDay,
} from '../../server/domain/duty.js';
import { localInstant } from '../../server/domain/wall-clock.js';

const PARIS = 'Europe/Paris';
const thursday = { on: '2027-01-14', startTime: '18:30' };

describe('duty rules', () => {
  describe('withdrawal deadline', () => {
    it('is 48 hours before the start, in the AMAP’s timezone (winter: UTC+1)', () => {
      expect(withdrawalDeadline(thursday, 48, PARIS).toISOString()).to.equal('2027-01-12T17:30:00.000Z');
    });

    it('follows summer time (UTC+2) and the change of offset between the deadline and the day', () => {
      expect(localInstant('2027-06-03', '18:30', PARIS).toISOString()).to.equal('2027-06-03T16:30:00.000Z');
      // Summer time begins on Sunday 28 March 2027: the deadline is 48 real hours before 18:30 CEST.
      expect(withdrawalDeadline({ on: '2027-03-29', startTime: '18:30' }, 48, PARIS).toISOString()).to.equal(
        '2027-03-27T16:30:00.000Z',
      );
    });

    it('leaves a shift free until the deadline, then late until the start, then started', () => {
      const at = (iso: string) => shiftPhase(new Date(iso), thursday, 48, PARIS);
      expect(at('2027-01-12T17:29:59.000Z')).to.equal('open');
      expect(at('2027-01-12T17:30:00.000Z')).to.equal('late');
      expect(at('2027-01-14T17:29:00.000Z')).to.equal('late');
      expect(at('2027-01-14T17:30:00.000Z')).to.equal('started');
      expect(shiftPhase(new Date('2027-01-14T10:00:00.000Z'), thursday, 0, PARIS)).to.equal('open');
    });

    it('reads the timezone of the AMAP, not the server’s', () => {
      expect(localInstant('2027-01-14', '18:30', 'America/Montreal').toISOString()).to.equal(
        '2027-01-14T23:30:00.000Z',
      );
    });
  });

  describe('taking a place', () => {
    const day = (roles: RosterDay['roles'], cancelled = false): RosterDay => ({ on: '2027-01-14', cancelled, roles });
    const held = (...ids: number[]) => ids.map((memberId) => ({ memberId, standInSought: false }));
    const plain = day([{ name: '', places: 2, shifts: held(1) }]);
    const named = day([
      { name: 'Accueil et émargement', places: 1, shifts: held(1) },
      { name: 'Caisse et chèques', places: 2, shifts: [] },
    ]);

    it('lets a member take an open place, and takes the place they hold already as done', () => {
      expect(placeProblem(plain, 2, '', 'open')).to.equal(null);
      expect(placeProblem(plain, 1, '', 'open')).to.equal(null);
      expect(placeProblem(named, 2, 'Caisse et chèques', 'late')).to.equal(null);
    });

    it('refuses a full day or role, a second place the same day, a cancelled or begun day', () => {
      const full = day([{ name: '', places: 1, shifts: held(1) }]);
      expect(placeProblem(full, 2, '', 'open')).to.equal('Plus de place ce jour-là : l’équipe est complète.');
      expect(placeProblem(named, 2, 'Accueil et émargement', 'open')).to.equal(
        'Plus de place pour « Accueil et émargement » ce jour-là.',
      );
      expect(placeProblem(named, 1, 'Caisse et chèques', 'open')).to.match(/déjà inscrit·e comme « Accueil/);
      expect(placeProblem(day(plain.roles, true), 2, '', 'open')).to.equal('Cette distribution est annulée.');
      expect(placeProblem(plain, 2, '', 'started')).to.match(/passée/);
    });

    it('asks for a role when the day has roles, and refuses one it does not have', () => {
      expect(placeProblem(named, 2, '', 'open')).to.equal('Choisissez un rôle.');
      expect(placeProblem(named, 2, 'Vaisselle', 'open')).to.equal('Ce rôle n’existe pas ce jour-là.');
    });
  });

  it('counts a season from the 1st of its first month, twelve months long', () => {
    expect(dutySeason('2027-03-25', 9)).to.deep.equal({ from: '2026-09-01', to: '2027-08-31', startYear: 2026 });
    expect(dutySeason('2027-09-01', 9)).to.deep.equal({ from: '2027-09-01', to: '2028-08-31', startYear: 2027 });
    expect(dutySeason('2028-02-29', 3)).to.deep.equal({ from: '2027-03-01', to: '2028-02-29', startYear: 2027 });
    expect(dutySeason('2027-05-06', 1)).to.deep.equal({ from: '2027-01-01', to: '2027-12-31', startYear: 2027 });
  });

  it('names ISO weeks (the week of 4 January is week 1, Monday to Sunday)', () => {
    expect(isoWeek('2027-01-03')).to.equal('2026-W53');
    expect(isoWeek('2027-01-04')).to.equal('2027-W01');
    expect(isoWeek('2027-01-10')).to.equal('2027-W01');
    expect(isoWeek('2027-01-11')).to.equal('2027-W02');
    expect(isoWeek('2024-12-30')).to.equal('2025-W01');
  });

  it('reads the duty roles typed in a form', () => {
    expect(
      checkRoles([
        { name: ' Ouverture  et installation ', places: '1' },
        { name: '', places: '' },
        { name: 'Accueil', places: '2' },
      ]),
    ).to.deep.equal([
      { name: 'Ouverture et installation', places: 1 },
      { name: 'Accueil', places: 2 },
    ]);
    expect(checkRoles([{ name: 'Accueil', places: '0' }])).to.deep.equal({
      error: 'Indiquez pour « Accueil » un nombre de places entre 1 et 30.',
    });
    expect(checkRoles([{ name: '', places: '2' }])).to.deep.equal({ error: 'Chaque rôle a un nom.' });
    expect(
      checkRoles([
        { name: 'Accueil', places: '1' },
        { name: 'accueil', places: '1' },
      ]),
    ).to.deep.equal({ error: 'Le rôle « accueil » est en double.' });
  });
});
