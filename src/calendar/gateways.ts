import { and, count, eq } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { PG, pgErrorCode } from '../db/pg-error.js'
import { calendarSetting, gateway, smsGateway, type Gateway, type GatewayProvider } from '../db/schema/index.js'
import { conflict, invalidField, notFound } from '../errors.js'
import type { Principal } from '../accounts/auth.js'
import { decryptSecret, encryptSecret } from '../kit/secrets.js'
import type { OutboundPolicy } from '../kit/outbound-url.js'
import { checkHttpUrl, checkOutboundUrl, toE164 } from '../kit/validation.js'
import { organizationDefaultsOf } from './organization.js'
import { checkCanEdit, ownerFor } from './owners.js'
import { organizationForNewRow, readableBy } from '../accounts/sharing.js'
import { checkSimulatorAccount } from './simulator-account.js'

export type GatewayKind = 'gateway' | 'sms-gateway'

// Both tables have the same columns (db/schema/gateway.ts gatewayColumns); only the SQL names of the
// sender column differ, which drizzle reads from the table object itself.
const TABLES = { 'gateway': gateway, 'sms-gateway': smsGateway as unknown as typeof gateway } as const
const LABEL = { 'gateway': 'Gateway', 'sms-gateway': 'SMS gateway' } as const
/** The API's name for the sender number of each kind. */
export const SENDER_FIELD = { 'gateway': 'caller_id', 'sms-gateway': 'from_number' } as const

export interface GatewayInput {
  name?: string
  description?: string
  provider?: GatewayProvider
  account_sid?: string
  auth_token?: string
  base_url?: string | null
  sender?: string
  max_cps?: number
  max_concurrent?: number
  status?: number
  opt_out_reply?: string | null
  opt_in_reply?: string | null
  help_reply?: string | null
  user?: unknown
}

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/

/** What creating or changing a gateway needs beyond the database: the key its token is sealed with, the URL policy. */
export interface GatewayContext {
  secretKey: string
  outbound: OutboundPolicy
}

/** Managers see the system gateways and their organization's shared ones and their own (sharing.ts); calendar users none. */
function visible(kind: GatewayKind, principal: Principal) {
  if (principal.role === 'calendar_user') return eq(TABLES[kind].id, -1)
  return readableBy(TABLES[kind], principal)
}

/**
 * A base URL is where the provider client sends the account's credentials: it must pass the outbound URL policy now
 * (kit/outbound-url.ts), and every request is checked again. The simulator mounted in this process is Tocsin's own.
 */
async function checkBaseUrl(outbound: OutboundPolicy, value: string): Promise<string> {
  const url = checkHttpUrl('base_url', value).replace(/\/+$/, '')
  return outbound.isOwn(url, '/simulator', true) ? url : checkOutboundUrl(outbound, 'base_url', url)
}

export async function listGateways(db: Db, kind: GatewayKind, principal: Principal, limit: number, offset: number) {
  const table = TABLES[kind]
  const where = visible(kind, principal)
  const [total] = await db.select({ n: count() }).from(table).where(where)
  const rows = await db.select().from(table).where(where).orderBy(table.id).limit(limit).offset(offset)
  return { count: total?.n ?? 0, rows }
}

export async function getGateway(db: Db, kind: GatewayKind, principal: Principal, id: number): Promise<Gateway> {
  const table = TABLES[kind]
  const [row] = await db.select().from(table).where(and(eq(table.id, id), visible(kind, principal)))
  if (!row) throw notFound(LABEL[kind])
  return row
}

async function columns(db: Db, kind: GatewayKind, principal: Principal, ctx: GatewayContext, input: GatewayInput, ownerId: number | null) {
  if (input.account_sid !== undefined && !ACCOUNT_SID.test(input.account_sid)) {
    throw invalidField('account_sid', 'must be "AC" followed by 32 hexadecimal digits')
  }
  let fromNumber: string | undefined
  if (input.sender !== undefined) {
    const region = (await organizationDefaultsOf(db, ownerId ?? principal.id)).defaultRegion
    fromNumber = input.sender.trim() === '' ? '' : toE164(SENDER_FIELD[kind], input.sender, region)
  }
  return {
    name: input.name,
    description: input.description,
    provider: input.provider,
    accountSid: input.account_sid,
    authTokenEncrypted: input.auth_token === undefined ? undefined : encryptSecret(ctx.secretKey, input.auth_token),
    baseUrl: input.base_url === undefined ? undefined
      : input.base_url === null || input.base_url === '' ? null : await checkBaseUrl(ctx.outbound, input.base_url),
    fromNumber,
    maxCps: input.max_cps,
    maxConcurrent: input.max_concurrent,
    status: input.status,
    optOutReply: reply(input.opt_out_reply),
    optInReply: reply(input.opt_in_reply),
    helpReply: reply(input.help_reply),
  }
}

/** A reply text as given; blank is none. */
const reply = (value: string | null | undefined) => (value === undefined ? undefined : value?.trim() ? value : null)

export async function createGateway(
  db: Db, kind: GatewayKind, principal: Principal, ctx: GatewayContext,
  input: GatewayInput & { name: string; provider: GatewayProvider; account_sid: string; auth_token: string },
): Promise<Gateway> {
  const ownerId = await ownerFor(db, principal, input.user, 'shared')
  const values = await columns(db, kind, principal, ctx, input, ownerId)
  if (input.provider === 'simulator') {
    await checkSimulatorAccount(db, principal, ctx.secretKey, { table: kind, id: null, accountSid: input.account_sid, authToken: input.auth_token })
  }
  const [row] = await db.insert(TABLES[kind]).values({
    ...values,
    name: input.name,
    provider: input.provider,
    accountSid: input.account_sid,
    authTokenEncrypted: values.authTokenEncrypted!,
    organizationId: await organizationForNewRow(db, principal, ownerId),
    userId: ownerId,
  }).returning()
  return row!
}

export async function updateGateway(
  db: Db, kind: GatewayKind, principal: Principal, ctx: GatewayContext, id: number, input: GatewayInput,
): Promise<Gateway> {
  const stored = await getGateway(db, kind, principal, id)
  checkCanEdit(principal, stored.userId, LABEL[kind].toLowerCase() + 's')
  const values = await columns(db, kind, principal, ctx, input, stored.userId)
  if ((input.provider ?? stored.provider) === 'simulator') {
    await checkSimulatorAccount(db, principal, ctx.secretKey, {
      table: kind, id, accountSid: input.account_sid ?? stored.accountSid,
      authToken: input.auth_token ?? decryptSecret(ctx.secretKey, stored.authTokenEncrypted),
    })
  }
  const table = TABLES[kind]
  const [row] = await db.update(table).set({ ...values, updatedDate: new Date() }).where(eq(table.id, id)).returning()
  return row!
}

/** A gateway that calendar settings (or calls) use cannot be deleted: 409. Deactivate it instead. */
export async function deleteGateway(db: Db, kind: GatewayKind, principal: Principal, id: number): Promise<void> {
  const stored = await getGateway(db, kind, principal, id)
  checkCanEdit(principal, stored.userId, LABEL[kind].toLowerCase() + 's')
  const column = kind === 'gateway' ? calendarSetting.alegGatewayId : calendarSetting.smsGatewayId
  const [used] = await db.select({ n: count() }).from(calendarSetting).where(eq(column, id))
  if ((used?.n ?? 0) > 0) {
    throw conflict(`This ${LABEL[kind].toLowerCase()} is used by ${used!.n} calendar setting(s); deactivate it (status 0) or change them first`)
  }
  try {
    await db.delete(TABLES[kind]).where(eq(TABLES[kind].id, id))
  } catch (err) {
    if (pgErrorCode(err) === PG.foreignKeyViolation) {
      throw conflict(`This ${LABEL[kind].toLowerCase()} has history (calls or messages); deactivate it (status 0) instead`)
    }
    throw err
  }
}
