import type { AmapConfig } from '../config.js';

/** What the outbox job needs to send one mail. Tests pass a fake; production a nodemailer transport. */
export interface MailTransport {
  sendMail(message: {
    from: string;
    replyTo?: string;
    to: string;
    subject: string;
    text: string;
    html?: string;
    /** Extra headers: `List-Unsubscribe` on announcements. */
    headers?: Record<string, string>;
    attachments?: { filename: string; contentType: string; content: Buffer }[];
  }): Promise<unknown>;
}

/** The SMTP transport from config (SMTP_URL), or null when none is set: mails then stay in the outbox. */
export function createMailTransport(config: AmapConfig): MailTransport | null {
  const url = config.mail.smtpUrl;
  if (!url) return null;
  // nodemailer is loaded by the first mail sent, not at start (it weighs as much as express).
  let transport: Promise<MailTransport> | null = null;
  return {
    sendMail: async (message) => {
      transport ??= import('nodemailer').then((m) => m.default.createTransport(url));
      return (await transport).sendMail(message);
    },
  };
}
