/** Sending a rendered mail: by SMTP through nodemailer, or anything a host plugs in. */
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close?(): void;
}

export interface SmtpOptions {
  /** `smtp://user:password@host:587` or `smtps://…:465` (`PORTICO_SMTP_URL`). */
  url: string;
  /** The sender, e.g. `Portal <no-reply@portal.example>` (`PORTICO_MAIL_FROM`). */
  from: string;
}

/** A mailer that hands mails to an SMTP server; STARTTLS when the server offers it. */
export const smtpMailer = ({ url, from }: SmtpOptions): Mailer => {
  const transport = nodemailer.createTransport(url);
  return {
    send: async (mail) => {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
    },
    close: () => transport.close(),
  };
};
