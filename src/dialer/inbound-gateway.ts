// Which gateway a text to one of our numbers came through, and for which organization. A patient may text any number
// Tocsin uses: an SMS gateway's sender, a voice gateway's caller ID, or a calendar setting's own caller ID (then its
// voice and SMS gateways are the candidates). Only a request signed with a candidate's auth token is believed (the
// carrier signs with the account that owns the number).
import { and, desc, eq, inArray, or } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import { call, calendarSetting, gateway, organization, smsGateway, smsMessage, users, type Gateway } from '../db/schema/index.js'
import type { ProviderRegistry } from '../telephony/registry.js'
import type { TelephonyProvider } from '../telephony/provider.js'

export interface InboundGateway {
  kind: 'voice' | 'sms'
  row: Gateway
}

type SignedBy = (provider: TelephonyProvider) => boolean

/** The gateway whose token signed the request, among those the number `to` belongs to; null when none did. */
export async function signingGateway(db: Tx, telephony: ProviderRegistry, to: string, signedBy: SignedBy): Promise<InboundGateway | null> {
  if (to === '') return null
  const settings = (column: typeof calendarSetting.alegGatewayId | typeof calendarSetting.smsGatewayId) =>
    db.select({ id: column }).from(calendarSetting).where(eq(calendarSetting.callerid, to))
  // The number's own gateways first; then those of calendar settings calling from it (their voice gateway placed the
  // calls the patient is answering).
  const candidates: InboundGateway[] = [
    ...(await db.select().from(smsGateway).where(eq(smsGateway.fromNumber, to)).orderBy(smsGateway.id)).map((row) => ({ kind: 'sms' as const, row: row as Gateway })),
    ...(await db.select().from(gateway).where(eq(gateway.fromNumber, to)).orderBy(gateway.id)).map((row) => ({ kind: 'voice' as const, row })),
    ...(await db.select().from(gateway).where(inArray(gateway.id, settings(calendarSetting.alegGatewayId))).orderBy(gateway.id))
      .map((row) => ({ kind: 'voice' as const, row })),
    ...(await db.select().from(smsGateway).where(inArray(smsGateway.id, settings(calendarSetting.smsGatewayId))).orderBy(smsGateway.id))
      .map((row) => ({ kind: 'sms' as const, row: row as Gateway })),
  ]
  for (const candidate of candidates) {
    if (signedBy(candidate.kind === 'sms' ? telephony.sms(candidate.row) : telephony.voice(candidate.row))) return candidate
  }
  return null
}

/**
 * The organization a text from `from` to `to` belongs to: the gateway's own; for a system gateway (shared by every
 * organization), the one that last called or texted `from` from that number, else the one that last called or texted
 * `from` at all; else the only organization using that number or gateway. Null when that leaves several.
 */
export async function inboundOrganization(db: Tx, gw: InboundGateway, from: string, to: string): Promise<number | null> {
  if (gw.row.organizationId !== null) return gw.row.organizationId
  if (gw.row.userId !== null) {
    const [owner] = await db.select({ organizationId: users.organizationId }).from(users).where(eq(users.id, gw.row.userId))
    if (owner) return owner.organizationId
  }
  for (const sameSender of [true, false]) {
    const [text] = await db.select({ organizationId: smsMessage.organizationId, at: smsMessage.createdAt }).from(smsMessage)
      .where(and(eq(smsMessage.toNumber, from), eq(smsMessage.direction, 'outbound'), sameSender ? eq(smsMessage.fromNumber, to) : undefined))
      .orderBy(desc(smsMessage.createdAt)).limit(1)
    const [placed] = await db.select({ organizationId: call.organizationId, at: call.createdAt }).from(call)
      .where(and(eq(call.toNumber, from), sameSender ? eq(call.fromNumber, to) : undefined))
      .orderBy(desc(call.createdAt)).limit(1)
    const latest = [text, placed].filter((r) => r !== undefined).sort((a, b) => b!.at.getTime() - a!.at.getTime())[0]
    if (latest) return latest.organizationId
  }
  // Nobody contacted them yet: the one organization whose calendar settings send from this number or gateway, or the
  // only organization there is.
  const gatewayColumn = gw.kind === 'sms' ? calendarSetting.smsGatewayId : calendarSetting.alegGatewayId
  const settings = await db.selectDistinct({ organizationId: users.organizationId }).from(calendarSetting)
    .innerJoin(users, eq(users.id, calendarSetting.userId))
    .where(or(eq(calendarSetting.callerid, to), eq(gatewayColumn, gw.row.id))).limit(2)
  if (settings.length === 1) return settings[0]!.organizationId
  const orgs = await db.select({ id: organization.id }).from(organization).limit(2)
  return orgs.length === 1 ? orgs[0]!.id : null
}
