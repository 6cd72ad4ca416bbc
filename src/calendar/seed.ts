import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import { gateway, rule, smsGateway } from '../db/schema/index.js'
import type { Seeder } from '../db/seeder.js'
import { parseRule } from '../recurrence/rule-params.js'
import { encryptSecret } from '../kit/secrets.js'
import { GATEWAY_STATUS } from '../codes/gateway-status.js'

/** Newfies' default rules (fixture default_appointment.json), with its primary keys. */
const DEFAULT_RULES = [
  { id: 1, name: 'Monthly', description: 'Every month', frequency: 'MONTHLY', params: '' },
  { id: 2, name: 'Weekly (Monday-Friday) R-10', description: 'Monday to Friday, 10 times', frequency: 'WEEKLY', params: 'count:10;byweekday:0,1,2,3,4' },
  { id: 4, name: 'Weekly (Monday-Friday)', description: 'Monday to Friday', frequency: 'WEEKLY', params: 'byweekday:0,1,2,3,4' },
  { id: 5, name: 'Yearly', description: 'Every year', frequency: 'YEARLY', params: '' },
  { id: 6, name: 'Daily', description: 'Every day', frequency: 'DAILY', params: '' },
] as const

/**
 * True once a row was ever inserted (the sequence has been used): seeding is for the first start
 * only, so what an admin deletes stays deleted.
 */
async function everUsed(db: Tx, table: string): Promise<boolean> {
  const result = await db.execute(sql`select pg_sequence_last_value(pg_get_serial_sequence(${table}, 'id')::regclass) as v`)
  return (result.rows[0] as { v: unknown } | undefined)?.v != null
}

/** The default recurrence rules, shared with every manager. */
export const seedRules: Seeder = async ({ db }) => {
  if (await everUsed(db, 'rule')) return
  for (const r of DEFAULT_RULES) {
    const parsed = parseRule({ frequency: r.frequency, params: r.params })
    if (!parsed.ok) throw new Error(`default rule ${r.name}: ${parsed.message}`)
    await db.insert(rule).values({ id: r.id, name: r.name, description: r.description, ...parsed.rule, userId: null }).onConflictDoNothing()
  }
  await db.execute(sql`select setval(pg_get_serial_sequence('rule', 'id'), (select max(id) from rule))`)
}

const accountSid = () => `AC${randomBytes(16).toString('hex')}`
const authToken = () => randomBytes(16).toString('hex')

/**
 * Voice gateway 1 and SMS gateway 1 on the built-in simulator (base_url null = PUBLIC_URL/simulator),
 * shared with every manager, so the seed's workflow (`…/gateway/1/`, `…/sms-gateway/1/`) works on a
 * fresh install. The credentials are random; the simulator checks them like Twilio would.
 */
export const seedGateways: Seeder = async ({ db, config }) => {
  const seeds = [[gateway, 'caller'], [smsGateway as unknown as typeof gateway, 'sms']] as const
  for (const [table, kind] of seeds) {
    if (await everUsed(db, table === gateway ? 'gateway' : 'sms_gateway')) continue
    await db.insert(table).values({
      id: 1,
      name: kind === 'caller' ? 'Simulator (voice)' : 'Simulator (SMS)',
      description: 'The built-in carrier simulator at PUBLIC_URL/simulator',
      provider: 'simulator',
      accountSid: accountSid(),
      authTokenEncrypted: encryptSecret(config.secretKey, authToken()),
      baseUrl: null,
      fromNumber: '+15005550006',
      maxCps: 1000,
      maxConcurrent: 0,
      status: GATEWAY_STATUS.active,
      userId: null,
    }).onConflictDoNothing()
    await db.execute(sql`select setval(pg_get_serial_sequence(${table === gateway ? 'gateway' : 'sms_gateway'}, 'id'), (select max(id) from ${table}))`)
  }
}
