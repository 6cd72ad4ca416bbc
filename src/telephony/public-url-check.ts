import { ne } from 'drizzle-orm'
import type { Logger } from 'pino'
import type { Config } from '../config.js'
import type { Db } from '../db/client.js'
import { gateway, smsGateway } from '../db/schema/index.js'
import { publicUrlProblem } from '../kit/public-url.js'

/**
 * At start-up: a real carrier (any gateway not on the built-in simulator) can only run a call's survey and report its
 * outcome through webhooks at PUBLIC_URL. When that URL cannot be reached from the internet over https, every real
 * call would ring, play nothing and be lost to Tocsin — say so, loudly, before the first one is placed. The check is
 * repeated at every start, so fixing PUBLIC_URL silences it.
 */
export async function warnIfCarriersCannotCallBack(db: Db, config: Pick<Config, 'publicUrl'>, logger: Logger): Promise<string | null> {
  const problem = publicUrlProblem(config.publicUrl)
  if (problem === null) return null
  const voice = await db.select({ id: gateway.id, name: gateway.name, provider: gateway.provider }).from(gateway).where(ne(gateway.provider, 'simulator'))
  const sms = await db.select({ id: smsGateway.id, name: smsGateway.name, provider: smsGateway.provider }).from(smsGateway).where(ne(smsGateway.provider, 'simulator'))
  if (voice.length + sms.length === 0) return null
  const named = [...voice.map((g) => `voice gateway ${g.id} (${g.name})`), ...sms.map((g) => `SMS gateway ${g.id} (${g.name})`)].join(', ')
  const message = `PUBLIC_URL ${config.publicUrl} cannot be reached by a carrier (${problem}), yet ${named} use a real carrier: `
    + 'its calls would ring but never hear their survey, and their answers and final statuses would never reach Tocsin. '
    + 'Set PUBLIC_URL to the public https address the carrier can call.'
  logger.error({ publicUrl: config.publicUrl, problem, gateways: { voice, sms } }, message)
  return message
}
