import t from 'tap'
import { eq } from 'drizzle-orm'
import { emailMessage } from '../../src/db/schema/index.js'
import { createMailer, textToHtml } from '../../src/mail/mailer.js'
import { createTestDatabase } from '../helpers/database.js'
import { startTestSmtpServer } from '../helpers/smtp.js'

t.test('without SMTP the message is kept in the outbox', async (t) => {
  const { db } = await createTestDatabase(t)
  const mailer = createMailer({ smtpUrl: undefined, mailFrom: 'Tocsin <tocsin@example.org>', db })
  t.equal(mailer.mode, 'outbox')
  const result = await mailer.send({ to: 'ann@example.com', subject: 'Hello', text: 'Line 1\nLine <2>', html: textToHtml('Line 1\nLine <2>') })
  t.match(result, { ok: true, status: 'stored', emailMessageId: Number, messageId: /^<[0-9a-f-]+@example\.org>$/ })
  const [row] = await db.select().from(emailMessage).where(eq(emailMessage.id, result.emailMessageId))
  t.match(row, { to: 'ann@example.com', from: 'Tocsin <tocsin@example.org>', subject: 'Hello', text: 'Line 1\nLine <2>', status: 'stored', sentAt: null, error: null })
  t.equal(row!.html, '<p>Line 1<br>\nLine &#60;2&#62;</p>')
})

t.test('with SMTP the message is delivered and logged', async (t) => {
  const { db } = await createTestDatabase(t)
  const smtp = await startTestSmtpServer(t)
  const mailer = createMailer({ smtpUrl: smtp.url, mailFrom: 'Tocsin <tocsin@example.org>', db })
  t.teardown(() => mailer.close())
  t.equal(mailer.mode, 'smtp')
  const result = await mailer.send({ to: 'bob@example.com', subject: 'Grüße – hello', text: 'Body äöü', messageId: '<fixed-1@example.org>' })
  t.match(result, { ok: true, status: 'sent', messageId: '<fixed-1@example.org>' })
  t.equal(smtp.received.length, 1)
  t.match(smtp.received[0], { from: 'tocsin@example.org', to: ['bob@example.com'], subject: 'Grüße – hello', text: 'Body äöü' })
  t.equal(smtp.received[0]!.headers['message-id'], '<fixed-1@example.org>')
  const [row] = await db.select().from(emailMessage).where(eq(emailMessage.id, result.emailMessageId))
  t.equal(row!.status, 'sent')
  t.ok(row!.sentAt instanceof Date)
})

t.test('SMTP refusals and unreachable servers are results, not exceptions', async (t) => {
  const { db } = await createTestDatabase(t)
  const smtp = await startTestSmtpServer(t)
  const mailer = createMailer({ smtpUrl: smtp.url, mailFrom: 'tocsin@example.org', db })
  smtp.failNext('temp@example.com', 1, 451)
  smtp.failNext('gone@example.com', 1, 550)
  const temporary = await mailer.send({ to: 'temp@example.com', subject: 's', text: 't' })
  t.match(temporary, { ok: false, status: 'failed', permanent: false, error: /temporarily unavailable/ })
  const permanent = await mailer.send({ to: 'gone@example.com', subject: 's', text: 't' })
  t.match(permanent, { ok: false, status: 'failed', permanent: true })
  t.equal(smtp.received.length, 0)
  const [row] = await db.select().from(emailMessage).where(eq(emailMessage.id, temporary.emailMessageId))
  t.match(row, { status: 'failed', error: /temporarily unavailable/, sentAt: null })

  const dead = createMailer({ smtpUrl: 'smtp://127.0.0.1:1', mailFrom: 'tocsin@example.org', db })
  const refused = await dead.send({ to: 'x@example.com', subject: 's', text: 't' })
  t.match(refused, { ok: false, status: 'failed', permanent: false, error: /ECONNREFUSED|connect/i })
})
