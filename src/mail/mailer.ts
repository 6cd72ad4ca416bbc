import { randomUUID } from 'node:crypto'
import nodemailer from 'nodemailer'
import type { Db, Tx } from '../db/client.js'
import { emailMessage } from '../db/schema/index.js'

export interface MailMessage {
  to: string
  subject: string
  text: string
  html?: string
  /** `<id@domain>`; give a stable one so that a resend after a crash is recognisable as a duplicate */
  messageId?: string
}

export interface SendOptions {
  /** record the outbox/log row in this transaction (so it commits with the caller's own writes) */
  tx?: Tx
}

export type SendResult =
  | { ok: true; status: 'sent' | 'stored'; emailMessageId: number; messageId: string }
  | {
    ok: false
    status: 'failed'
    emailMessageId: number
    messageId: string
    error: string
    /** the server refused for good (5xx); retrying the same message will not help */
    permanent: boolean
  }

export interface Mailer {
  /** `smtp` when SMTP_URL is set, else `outbox` (mail is kept in email_message) */
  readonly mode: 'smtp' | 'outbox'
  /** Sends (or, without SMTP, stores) one message and records it in email_message. Never throws for delivery errors. */
  send(message: MailMessage, options?: SendOptions): Promise<SendResult>
  close(): void
}

export interface MailerOptions {
  smtpUrl: string | undefined
  mailFrom: string
  db: Db
}

export function domainOf(address: string): string {
  const match = /@([^>\s]+)>?\s*$/.exec(address)
  return match?.[1] ?? 'localhost'
}

function describe(err: unknown): { error: string; permanent: boolean } {
  const e = err as { message?: string; responseCode?: number; response?: string }
  const error = (e.response || e.message || String(err)).slice(0, 1000)
  return { error, permanent: typeof e.responseCode === 'number' && e.responseCode >= 500 }
}

/**
 * One mailer per process (deps.mailer), shared by the CRM notifications and e-mail alarms.
 * With SMTP it delivers through nodemailer; without, it keeps the message in the outbox table.
 */
export function createMailer({ smtpUrl, mailFrom, db }: MailerOptions): Mailer {
  // Short timeouts: callers may hold a row lock while sending, and a hung server must not stall them.
  const transport = smtpUrl
    ? nodemailer.createTransport(smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 })
    : null

  async function record(
    tx: Tx, message: MailMessage, messageId: string, status: 'stored' | 'sent' | 'failed', error?: string,
  ): Promise<number> {
    const [row] = await tx.insert(emailMessage).values({
      to: message.to,
      from: mailFrom,
      subject: message.subject,
      text: message.text,
      html: message.html ?? null,
      messageId,
      status,
      sentAt: status === 'sent' ? new Date() : null,
      error: error ?? null,
    }).returning({ id: emailMessage.id })
    return row!.id
  }

  return {
    mode: transport ? 'smtp' : 'outbox',
    async send(message, options = {}) {
      const tx = options.tx ?? db
      const messageId = message.messageId ?? `<${randomUUID()}@${domainOf(mailFrom)}>`
      if (!transport) {
        return { ok: true, status: 'stored', emailMessageId: await record(tx, message, messageId, 'stored'), messageId }
      }
      try {
        await transport.sendMail({
          from: mailFrom,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId,
        })
      } catch (err) {
        const { error, permanent } = describe(err)
        const emailMessageId = await record(tx, message, messageId, 'failed', error)
        return { ok: false, status: 'failed', emailMessageId, messageId, error, permanent }
      }
      return { ok: true, status: 'sent', emailMessageId: await record(tx, message, messageId, 'sent'), messageId }
    },
    close() {
      transport?.close()
    },
  }
}

/** A plain-text body as HTML: escaped, line breaks kept. */
export function textToHtml(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
  return `<p>${escaped.replace(/\r?\n/g, '<br>\n')}</p>`
}
