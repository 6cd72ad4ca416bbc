import type { Logger } from 'pino'
import type { Config } from '../config.js'
import type { Gateway } from '../db/schema/gateway.js'
import type { OutboundPolicy } from '../kit/outbound-url.js'
import { decryptSecret } from '../kit/secrets.js'
import type { TelephonyProvider } from './provider.js'
import { createTwilioProvider } from './twilio-provider.js'

type GatewayRow = Pick<Gateway, 'id' | 'provider' | 'accountSid' | 'authTokenEncrypted' | 'baseUrl' | 'updatedDate'>

/**
 * One provider client per gateway (voice or SMS), rebuilt when the gateway changes. Both kinds
 * speak Twilio's API: a `simulator` gateway without a base URL uses the simulator mounted at
 * PUBLIC_URL/simulator, so the real SDK path runs even without a carrier account. A gateway's own base URL is
 * somebody's input: its connections go through the outbound URL policy and its error texts are not repeated.
 */
export function createProviderRegistry({ config, logger, outbound }: { config: Config; logger: Logger; outbound: OutboundPolicy }) {
  const cache = new Map<string, TelephonyProvider>()

  function forGateway(kind: 'voice' | 'sms', row: GatewayRow): TelephonyProvider {
    const key = `${kind}:${row.id}:${row.updatedDate.getTime()}`
    let provider = cache.get(key)
    if (!provider) {
      for (const old of cache.keys()) if (old.startsWith(`${kind}:${row.id}:`)) cache.delete(old)
      const baseUrl = row.baseUrl ?? (row.provider === 'simulator' ? `${config.publicUrl}/simulator` : undefined)
      const own = row.baseUrl === null || outbound.isOwn(row.baseUrl, '/simulator', true)
      provider = createTwilioProvider({
        accountSid: row.accountSid,
        authToken: decryptSecret(config.secretKey, row.authTokenEncrypted),
        ...(baseUrl !== undefined && { baseUrl }),
        ...(!own && { agents: outbound.agents, opaqueErrors: true }),
        logger,
      })
      cache.set(key, provider)
    }
    return provider
  }

  return {
    voice: (row: GatewayRow) => forGateway('voice', row),
    sms: (row: GatewayRow) => forGateway('sms', row),
  }
}
export type ProviderRegistry = ReturnType<typeof createProviderRegistry>
