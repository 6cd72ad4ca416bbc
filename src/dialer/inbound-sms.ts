// A text to one of our numbers (POST /twilio/sms, README "Consent and opt-out"). Every one is stored, with what it
// was read as: an opt-out keyword puts the sender on the organization's do-not-contact list (calls, texts and e-mail
// alike), an opt-in keyword takes them off, HELP is answered, a reminder answer (1/2/3, C/R) is handed to the alarms
// layer (outcomes.smsReplied), anything else is kept for people to read. The answer to the carrier is TwiML: a
// <Message> when the gateway has a reply for it, else nothing.
import { eq } from 'drizzle-orm'
import { escapeXml } from '../../ivr/index.js'
import { INBOUND_MATCH, smsMessage, type InboundMatch } from '../db/schema/index.js'
import type { AppDeps } from '../deps.js'
import type { TelephonyProvider } from '../telephony/provider.js'
import { REFUSED, type Refused } from './call-callbacks.js'
import { optIn, optOut } from './do-not-contact.js'
import { inboundOrganization, signingGateway } from './inbound-gateway.js'
import { readInboundText } from './sms-keywords.js'

export interface InboundSms { to: string; from: string; body: string; sid: string | null }

type InboundDeps = Pick<AppDeps, 'db' | 'telephony' | 'outcomes' | 'consentHooks' | 'logger'>
type SignedBy = (provider: TelephonyProvider) => boolean

const EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
const withMessage = (text: string) => `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${escapeXml(text)}</Message></Response>`

/** Stores and acts on one inbound text; the TwiML to answer with, or REFUSED when no gateway of that number signed it. */
export async function receiveSms(deps: InboundDeps, sms: InboundSms, signedBy: SignedBy, now = new Date()): Promise<Refused | string> {
  const { db, logger } = deps
  const gw = await signingGateway(db, deps.telephony, sms.to, signedBy)
  if (!gw) return REFUSED
  const organizationId = await inboundOrganization(db, gw, sms.from, sms.to)
  const log = logger.child({ to: sms.to, gateway: `${gw.kind}:${gw.row.id}`, sid: sms.sid })
  if (organizationId === null) {
    log.warn('a text to a shared number from someone no organization ever contacted: not stored')
    return EMPTY
  }
  const read = readInboundText(sms.body)
  const reply = await db.transaction(async (tx) => {
    const [stored] = await tx.insert(smsMessage).values({
      organizationId, smsGatewayId: gw.kind === 'sms' ? gw.row.id : null, direction: 'inbound', fromNumber: sms.from, toNumber: sms.to,
      body: sms.body, status: 'received', providerSid: sms.sid, createdAt: now, updatedAt: now,
    }).onConflictDoNothing().returning({ id: smsMessage.id })
    // The carrier sent this message before (a retried webhook): it was handled then.
    if (!stored) return null
    const consent = { organizationId, phoneNumber: sms.from, source: 'sms' as const, messageId: stored.id }
    let matched: InboundMatch = INBOUND_MATCH.other
    let alarmRequestId: number | null = null
    let answer: string | null = null
    switch (read.kind) {
      case 'opt-out':
        await optOut(tx, deps, { ...consent, keyword: read.keyword }, now)
        matched = INBOUND_MATCH.optOut
        answer = gw.row.optOutReply
        break
      case 'opt-in':
        await optIn(tx, deps, { ...consent, keyword: read.keyword }, now)
        matched = INBOUND_MATCH.optIn
        answer = gw.row.optInReply
        break
      case 'help':
        matched = INBOUND_MATCH.help
        answer = gw.row.helpReply
        break
      case 'answer':
        alarmRequestId = await deps.outcomes.smsReplied(tx, { organizationId, from: sms.from, result: read.result, at: now })
        matched = alarmRequestId === null ? INBOUND_MATCH.unmatched : INBOUND_MATCH.reply
        break
      default:
        break
    }
    await tx.update(smsMessage).set({ matched, alarmRequestId }).where(eq(smsMessage.id, stored.id))
    log.info({ messageId: stored.id, matched, alarmRequestId }, 'text received')
    if (!answer?.trim()) return null
    // The reply leaves with the carrier's answer to this webhook; it is logged like any text we send.
    await tx.insert(smsMessage).values({
      organizationId, smsGatewayId: gw.kind === 'sms' ? gw.row.id : null, direction: 'outbound', fromNumber: sms.to, toNumber: sms.from,
      body: answer, status: 'sent', createdAt: now, updatedAt: now,
    })
    return answer
  })
  return reply === null ? EMPTY : withMessage(reply)
}
