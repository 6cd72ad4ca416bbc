/**
 * Twilio's queues: calls leave an account at its calls-per-second limit (1 by default) and texts leave a sender at
 * about one segment per second; the excess waits, it is not refused. Rates are in simulated time, so a simulator
 * running 100 times faster (timeScale 0.01) also paces 100 times faster, and one running flat out (0) not at all.
 */
export interface Pacer {
  /** Takes `units` slots of `key`'s line at `perSecond`; answers how many simulated seconds to wait for them. */
  reserve(key: string, perSecond: number, units?: number): number
}

export function createPacer(timeScale: number): Pacer {
  const nextFree = new Map<string, number>()
  return {
    reserve(key, perSecond, units = 1) {
      if (perSecond <= 0 || timeScale <= 0) return 0
      const now = Date.now()
      const start = Math.max(now, nextFree.get(key) ?? 0)
      nextFree.set(key, start + (units * 1000 * timeScale) / perSecond)
      return (start - now) / (1000 * timeScale)
    },
  }
}

/** How many segments a text takes: 160 GSM characters in one, 153 per part when split (70 / 67 otherwise). */
export function segmentsOf(body: string): number {
  const gsm = /^[\n\r -~£¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¡ÄÖÑÜ§¿äöñüà€]*$/.test(body)
  const [single, part] = gsm ? [160, 153] : [70, 67]
  return body.length <= single ? 1 : Math.ceil(body.length / part)
}
