import { expect } from 'chai';
import cron from 'node-cron';
import nodemailer from 'nodemailer';
import { makeTestApp, testConfig, type TestApp } from '../support/app.js';
import { DAY, HOUR } from '../support/clock.js';
import { createMember } from '../support/factories.js';
import { passwordTokens, sessions, taskRuns } from '../../server/db/schema/index.js';
import { enqueueMail } from '../../server/features/mail/outbox.service.js';
import { taskNames, tasks } from '../../server/jobs/tasks.js';
import { runTask } from '../../server/jobs/task-log.js';
import { configuredSchedule, SCHEDULE, startJobs } from '../../server/jobs/schedule.js';
import type { MailTransport } from '../../server/lib/mailer.js';

/** nodemailer's own transport that builds each message and sends it nowhere. */
const jsonTransport: MailTransport = nodemailer.createTransport({ jsonTransport: true });

function runs(t: TestApp) {
  return t.db
    .select()
    .from(taskRuns)
    .orderBy(taskRuns.id)
    .all()
    .map((r) => ({ ...r, details: JSON.parse(r.details) }));
}

/** One expired session and one password link expired two days ago, plus a live one of each. */
async function expiredSessionsAndLinks(t: TestApp) {
  const now = t.clock.now().getTime();
  t.db
    .insert(sessions)
    .values([
      { sid: 'old', data: '{}', expiresAt: now - HOUR },
      { sid: 'live', data: '{}', expiresAt: now + DAY },
    ])
    .run();
  const m = await createMember(t.ctx, { password: null });
  const at = (ms: number) => new Date(now + ms).toISOString();
  t.db
    .insert(passwordTokens)
    .values([
      { memberId: m.id, purpose: 'reset', tokenHash: 'a', expiresAt: at(-2 * DAY), createdAt: at(-3 * DAY) },
      { memberId: m.id, purpose: 'invitation', tokenHash: 'b', expiresAt: at(6 * DAY), createdAt: at(-DAY) },
    ])
    .run();
}

function queueOne(t: TestApp) {
  enqueueMail(t.ctx, {
    to: { address: 'lea@exemple.fr', name: 'Léa Martin' },
    subject: 'Sujet',
    text: 'Bonjour',
    html: '<p>Bonjour</p>',
    essential: true,
  });
}

describe('task registry and task log', () => {
  it('runs a task by name for the given day and logs it: day, trigger, start, end, summary and counts', async () => {
    const t = makeTestApp();
    await expiredSessionsAndLinks(t);
    const result = await runTask(t.ctx, 'purge', { today: '2026-12-03', trigger: 'cli', deps: { transport: null } });
    expect(result.summary).to.equal('1 session supprimée, 1 lien supprimé.');
    const [line, ...more] = runs(t);
    expect(more).to.deep.equal([]);
    expect(line).to.deep.include({
      task: 'purge',
      today: '2026-12-03',
      trigger: 'cli',
      status: 'ok',
      startedAt: t.clock.now().toISOString(),
      finishedAt: t.clock.now().toISOString(),
      summary: '1 session supprimée, 1 lien supprimé.',
      details: { sessions: 1, tokens: 1, mails: 0, auditDetails: 0 },
      error: null,
    });
    expect(
      t.db
        .select()
        .from(sessions)
        .all()
        .map((s) => s.sid),
    ).to.deep.equal(['live']);
  });

  it('takes today from the clock in the AMAP’s timezone when no day is given', async () => {
    const t = makeTestApp();
    t.clock.set('2026-12-03T23:30:00.000Z'); // already 4 December in Paris
    await runTask(t.ctx, 'purge', { trigger: 'cli', deps: { transport: null } });
    expect(runs(t)[0].today).to.equal('2026-12-04');
  });

  it('logs a run that throws as an error with its message, and throws it again to the caller', async () => {
    const t = makeTestApp();
    t.db.$client.exec('DROP TABLE password_tokens');
    let thrown: unknown;
    await runTask(t.ctx, 'purge', { today: '2026-12-03', trigger: 'cli', deps: { transport: null } }).catch(
      (e) => (thrown = e),
    );
    expect(String(thrown)).to.contain('no such table: password_tokens');
    const [line] = runs(t);
    expect(line).to.deep.include({ task: 'purge', status: 'error', summary: null });
    expect(line.error).to.contain('no such table: password_tokens');
    expect(line.finishedAt).to.equal(t.clock.now().toISOString());
  });

  it('sends the outbox and says how many mails went', async () => {
    const t = makeTestApp();
    queueOne(t);
    queueOne(t);
    const r = await runTask(t.ctx, 'send-outbox', { trigger: 'cli', deps: { transport: jsonTransport } });
    expect(r.summary).to.equal('2 mails envoyés, 0 échec.');
    expect(runs(t).map((l) => [l.trigger, l.summary, l.details])).to.deep.equal([
      ['cli', '2 mails envoyés, 0 échec.', { sent: 2, failed: 0 }],
    ]);
  });

  it('logs the every-minute outbox run by cron only when it sent or failed a mail, but every run by hand', async () => {
    const t = makeTestApp();
    const deps = { transport: jsonTransport };
    await runTask(t.ctx, 'send-outbox', { trigger: 'cron', deps });
    await runTask(t.ctx, 'send-outbox', { trigger: 'cron', deps: { transport: null } });
    expect(runs(t)).to.deep.equal([]);
    queueOne(t);
    await runTask(t.ctx, 'send-outbox', { trigger: 'cron', deps });
    await runTask(t.ctx, 'send-outbox', { trigger: 'cli', deps });
    expect(runs(t).map((l) => [l.trigger, l.status, l.summary])).to.deep.equal([
      ['cron', 'ok', '1 mail envoyé, 0 échec.'],
      ['cli', 'ok', '0 mail envoyé, 0 échec.'],
    ]);
  });

  it('logs a failed send by cron, with the failure counted', async () => {
    const t = makeTestApp();
    queueOne(t);
    const down: MailTransport = nodemailer.createTransport({ host: '127.0.0.1', port: 1, connectionTimeout: 2000 });
    await runTask(t.ctx, 'send-outbox', { trigger: 'cron', deps: { transport: down } });
    expect(runs(t).map((l) => [l.trigger, l.status, l.summary])).to.deep.equal([
      ['cron', 'ok', '0 mail envoyé, 1 échec.'],
    ]);
  });

  it('logs a purge by cron even when nothing expired (once a day)', async () => {
    const t = makeTestApp();
    await runTask(t.ctx, 'purge', { trigger: 'cron', deps: { transport: null } });
    expect(runs(t).map((l) => [l.trigger, l.summary])).to.deep.equal([
      ['cron', '0 session supprimée, 0 lien supprimé.'],
    ]);
  });

  it('has a French label and description for every task', () => {
    expect(taskNames).to.deep.equal([
      'send-outbox',
      'purge',
      'backup',
      'backup-check',
      'duty-reminders',
      'volunteer-call',
      'collection-reminders',
      'window-opening',
      'window-closing',
      'producer-delivery-sheets',
      'cheques-due',
      'monthly-planning',
      'waiting-list-offers',
    ]);
    for (const name of taskNames) {
      expect(tasks[name].label, name).to.match(/^[A-ZÉ][a-zéèêàç ]+/);
      expect(tasks[name].description, name).to.have.length.greaterThan(10);
    }
  });
});

describe('the cron schedule', () => {
  it('schedules tasks of the registry by name, with valid cron expressions', () => {
    const all = [...SCHEDULE, ...configuredSchedule(testConfig())];
    for (const { task, cron: expression } of all) {
      expect(taskNames, task).to.include(task);
      expect(cron.validate(expression), expression).to.equal(true);
    }
    expect(all.map((s) => s.task)).to.have.members(taskNames);
  });

  it('schedules the backup at backup.schedule, and neither it nor its check when backups are off', () => {
    expect(configuredSchedule(testConfig({ backup: { schedule: '15 2 * * *' } }))).to.deep.include({
      task: 'backup',
      cron: '15 2 * * *',
    });
    expect(configuredSchedule(testConfig({ backup: { enabled: false } }))).to.deep.equal([]);
  });

  it('runs each scheduled task through the task log, and reports a failure to the server log', async () => {
    const t = makeTestApp();
    const lines: string[] = [];
    const jobs = startJobs(t.ctx, jsonTransport, (l) => lines.push(l));
    try {
      expect(jobs.map((j) => j.name)).to.deep.equal([
        'send-outbox',
        'purge',
        'duty-reminders',
        'volunteer-call',
        'collection-reminders',
        'window-opening',
        'window-closing',
        'producer-delivery-sheets',
        'cheques-due',
        'monthly-planning',
        'waiting-list-offers',
        'backup',
        'backup-check',
      ]);
      const job = (name: string) => jobs.find((j) => j.name === name)!;
      queueOne(t);
      await job('send-outbox').execute();
      await job('purge').execute();
      t.db.$client.exec('DROP TABLE password_tokens');
      await job('purge').execute();
      expect(runs(t).map((l) => [l.task, l.trigger, l.status])).to.deep.equal([
        ['send-outbox', 'cron', 'ok'],
        ['purge', 'cron', 'ok'],
        ['purge', 'cron', 'error'],
      ]);
      expect(lines).to.have.length(1);
      expect(lines[0]).to.contain('[tâche purge] échec').and.contain('no such table: password_tokens');
    } finally {
      for (const j of jobs) await j.destroy();
    }
  });
});
