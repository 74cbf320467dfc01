import { expect } from 'chai';
import { dailyTime, localNow, nextRunDay } from '../../server/features/reminders/next-run.js';
import { planningMonthFor } from '../../server/features/reminders/monthly-planning.task.js';
import { REMINDER_CRON } from '../../server/features/reminders/reminder-tasks.js';
import { SCHEDULE } from '../../server/jobs/schedule.js';

describe('when reminders run', () => {
  it('runs every reminder daily at 8 in the AMAP’s timezone', () => {
    expect(dailyTime(REMINDER_CRON)).to.equal('08:00');
    expect(SCHEDULE.filter((s) => s.cron === REMINDER_CRON).map((s) => s.task)).to.have.length(8);
    expect(() => dailyTime('*/5 * * * *')).to.throw();
  });

  it('says today while 8 o’clock is to come, tomorrow after, and the next chosen day of a month', () => {
    expect(nextRunDay('2027-05-04', '07:59', '08:00')).to.equal('2027-05-04');
    expect(nextRunDay('2027-05-04', '08:00', '08:00')).to.equal('2027-05-05');
    expect(nextRunDay('2027-05-04', '09:00', '08:00', 25)).to.equal('2027-05-25');
    expect(nextRunDay('2027-05-25', '09:00', '08:00', 25)).to.equal('2027-06-25');
    expect(nextRunDay('2027-12-31', '09:00', '08:00', 1)).to.equal('2028-01-01');
  });

  it('reads the day and time in Paris, summer and winter alike', () => {
    expect(localNow(new Date('2027-05-04T06:30:00Z'), 'Europe/Paris')).to.deep.equal({
      today: '2027-05-04',
      time: '08:30',
    });
    expect(localNow(new Date('2026-12-31T23:30:00Z'), 'Europe/Paris')).to.deep.equal({
      today: '2027-01-01',
      time: '00:30',
    });
  });

  it('mails this month’s planning from the 1st to the 19th, the next month’s from the 20th, only on the chosen day', () => {
    expect(planningMonthFor('2027-05-01', 1)).to.equal('2027-05');
    expect(planningMonthFor('2027-05-02', 1)).to.equal(null);
    expect(planningMonthFor('2027-05-20', 20)).to.equal('2027-06');
    expect(planningMonthFor('2027-12-25', 25)).to.equal('2028-01');
  });
});
