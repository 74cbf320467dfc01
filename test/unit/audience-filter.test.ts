import { expect } from 'chai';
import {
  concernsOwnAffairs,
  EMPTY_FILTER,
  filterQuery,
  isEmptyFilter,
  parseAudienceFilter,
  referentFilter,
} from '../../server/features/addresses/audience-filter.js';
import { filterWords } from '../../server/features/addresses/audience-words.js';

describe('mailing-list filters (query string ↔ filter, and what they mean)', () => {
  it('reads a shared URL back to the same filter, dropping values that are not what they should be', () => {
    const f = parseAudienceFilter({
      contrat: ['3', '7', '3', '0x1', ''],
      saison: '2027',
      'permanence-jour': ['2027-05-06', '2027-02-30'],
      'permanence-mois': ['2027-05', '2027-13'],
      cheques: '2027-01-05',
      'sans-adhesion': '1',
      actifs: 'non',
    });
    expect(f).to.deep.equal({
      ...EMPTY_FILTER,
      contractIds: [3, 7],
      seasons: [2027],
      dutyDays: ['2027-05-06'],
      dutyMonths: ['2027-05'],
      chequesDueOn: ['2027-01-05'],
      noMembership: true,
    });
    expect(parseAudienceFilter(Object.fromEntries(new URLSearchParams(filterQuery(f))))).to.deep.equal({
      ...f,
      // URLSearchParams keeps only the last of repeated names: one contract.
      contractIds: [7],
    });
    expect(filterQuery(f)).to.equal(
      'contrat=3&contrat=7&saison=2027&permanence-jour=2027-05-06&permanence-mois=2027-05&sans-adhesion=1&cheques=2027-01-05',
    );
    expect(isEmptyFilter(parseAudienceFilter({ contrat: 'abc' }))).to.equal(true);
  });

  it('sends to opted-out members only what concerns their own contracts, cheques, membership or duty', () => {
    expect(concernsOwnAffairs({ ...EMPTY_FILTER, active: true })).to.equal(false);
    expect(concernsOwnAffairs({ ...EMPTY_FILTER, referents: true, producerAccounts: true })).to.equal(false);
    for (const f of [
      { contractIds: [1] },
      { seasons: [2027] },
      { dutyMonths: ['2027-05'] },
      { noMembership: true },
      { chequesDueOn: ['2027-01-05'] },
      { behindDuty: true },
    ])
      expect(concernsOwnAffairs({ ...EMPTY_FILTER, active: true, ...f }), JSON.stringify(f)).to.equal(true);
  });

  it('keeps a referent to contracts, duty and "all my subscribers"', () => {
    const f = referentFilter({
      ...EMPTY_FILTER,
      active: true,
      contractIds: [2],
      dutyDays: ['2027-05-06'],
      noMembership: true,
      chequesDueOn: ['2027-01-05'],
      behindDuty: true,
      referents: true,
      producerAccounts: true,
    });
    expect(f).to.deep.equal({ ...EMPTY_FILTER, active: true, contractIds: [2], dutyDays: ['2027-05-06'] });
  });

  it('says the filter in words', () => {
    const names = new Map([
      [1, 'Légumes'],
      [2, 'Pain'],
    ]);
    expect(filterWords({ ...EMPTY_FILTER, contractIds: [1, 2], dutyDays: ['2027-05-06'] }, names)).to.equal(
      'Souscripteurs de « Légumes » ou « Pain » et de permanence le jeudi 6 mai 2027',
    );
    expect(filterWords({ ...EMPTY_FILTER, active: true, noMembership: true }, names)).to.equal(
      'Tous les membres actifs et sans adhésion pour la période en cours',
    );
  });
});
