// Which IP addresses are not the public internet. An address is classified on its bytes, not its spelling, so
// `::ffff:127.0.0.1`, `::ffff:7f00:1` (how URL() prints it) and the IPv4-compatible `::7f00:1` are all loopback.
import { isIP } from 'node:net'

export const ADDRESS_KIND = {
  public: 'public',
  unspecified: 'unspecified',
  loopback: 'loopback',
  private: 'private',
  linkLocal: 'link-local',
  uniqueLocal: 'unique-local',
  multicast: 'multicast',
  reserved: 'reserved',
  /** an IPv6 form that carries an IPv4 address nobody should need to spell that way */
  embedded: 'IPv4-embedding IPv6',
  invalid: 'not an IP address',
} as const
export type AddressKind = (typeof ADDRESS_KIND)[keyof typeof ADDRESS_KIND]

type Range = readonly [prefix: number[], bits: number, kind: AddressKind]

const V4: Range[] = [
  [[0, 0, 0, 0], 8, ADDRESS_KIND.unspecified], [[10, 0, 0, 0], 8, ADDRESS_KIND.private],
  [[100, 64, 0, 0], 10, ADDRESS_KIND.private], [[127, 0, 0, 0], 8, ADDRESS_KIND.loopback],
  [[169, 254, 0, 0], 16, ADDRESS_KIND.linkLocal], [[172, 16, 0, 0], 12, ADDRESS_KIND.private],
  [[192, 0, 0, 0], 24, ADDRESS_KIND.reserved], [[192, 0, 2, 0], 24, ADDRESS_KIND.reserved],
  [[192, 168, 0, 0], 16, ADDRESS_KIND.private], [[198, 18, 0, 0], 15, ADDRESS_KIND.reserved],
  [[198, 51, 100, 0], 24, ADDRESS_KIND.reserved], [[203, 0, 113, 0], 24, ADDRESS_KIND.reserved],
  [[224, 0, 0, 0], 4, ADDRESS_KIND.multicast], [[240, 0, 0, 0], 4, ADDRESS_KIND.reserved],
]

const V6: Range[] = [
  [[0xfc], 7, ADDRESS_KIND.uniqueLocal], [[0xfe, 0x80], 10, ADDRESS_KIND.linkLocal],
  [[0xfe, 0xc0], 10, ADDRESS_KIND.linkLocal], [[0xff], 8, ADDRESS_KIND.multicast],
  [[0x01, 0x00, 0, 0, 0, 0, 0, 0], 64, ADDRESS_KIND.reserved], // discard-only
  [[0x20, 0x01, 0x0d, 0xb8], 32, ADDRESS_KIND.reserved], // documentation
  [[0x20, 0x01, 0, 0], 32, ADDRESS_KIND.embedded], // Teredo tunnels to an IPv4 address
]

function inPrefix(bytes: Uint8Array | number[], prefix: number[], bits: number): boolean {
  for (let i = 0; i < bits; i += 8) {
    const mask = bits - i >= 8 ? 0xff : (0xff << (8 - (bits - i))) & 0xff
    if (((bytes[i / 8] ?? 0) & mask) !== ((prefix[i / 8] ?? 0) & mask)) return false
  }
  return true
}

/** Bytes of an IPv4 (4) or IPv6 (16) address; null when `text` is neither. */
export function addressBytes(text: string): Uint8Array | null {
  const address = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '')
  const family = isIP(address)
  if (family === 4) return Uint8Array.from(address.split('.').map(Number))
  if (family !== 6) return null
  let groups = address
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address)
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number]
    groups = address.slice(0, -dotted[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head, tail] = groups.includes('::') ? groups.split('::') as [string, string] : [groups, undefined]
  const words = (part: string | undefined) => (part ? part.split(':').map((w) => parseInt(w, 16)) : [])
  const left = words(head)
  const right = words(tail)
  const all = [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right]
  const bytes = new Uint8Array(16)
  all.forEach((word, i) => { bytes[2 * i] = word >> 8; bytes[2 * i + 1] = word & 0xff })
  return bytes
}

/** The IPv4 address an IPv6 address carries (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64, 6to4), if any. */
export function embeddedIpv4(bytes: Uint8Array): Uint8Array | null {
  if (bytes.length !== 16) return null
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0)
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return bytes.slice(12) // mapped
  if (zeros(0, 12) && !(zeros(12, 15) && (bytes[15] ?? 0) <= 1)) return bytes.slice(12) // compatible (not :: or ::1)
  if (inPrefix(bytes, [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], 96)) return bytes.slice(12) // NAT64
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return bytes.slice(2, 6) // 6to4
  return null
}

/** What kind of address `text` is; an IPv6 form carrying an IPv4 address is classified by that IPv4 address. */
export function classifyAddress(text: string): AddressKind {
  const bytes = addressBytes(text)
  if (bytes === null) return ADDRESS_KIND.invalid
  if (bytes.length === 4) return V4.find(([prefix, bits]) => inPrefix(bytes, prefix, bits))?.[2] ?? ADDRESS_KIND.public
  const v4 = embeddedIpv4(bytes)
  if (v4) {
    const kind = classifyAddress(Array.from(v4).join('.'))
    // Public IPv4 spelt through a deprecated or tunnelling IPv6 form is still refused: nothing legitimate needs it.
    return kind === ADDRESS_KIND.public && !(bytes[10] === 0xff && bytes[11] === 0xff) ? ADDRESS_KIND.embedded : kind
  }
  if (bytes.every((b) => b === 0)) return ADDRESS_KIND.unspecified
  if (bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1) return ADDRESS_KIND.loopback
  return V6.find(([prefix, bits]) => inPrefix(bytes, prefix, bits))?.[2] ?? ADDRESS_KIND.public
}

export interface Cidr { bytes: Uint8Array; bits: number }

/** `10.0.0.0/8`, `fd00::/8` or a single address (all its bits); null when it is neither. */
export function parseCidr(text: string): Cidr | null {
  const [address, bitsText, extra] = text.split('/')
  if (extra !== undefined || address === undefined) return null
  const bytes = addressBytes(address)
  if (bytes === null || address.startsWith('[')) return null
  const max = bytes.length * 8
  if (bitsText !== undefined && !/^\d{1,3}$/.test(bitsText)) return null
  const bits = bitsText === undefined ? max : Number(bitsText)
  return bits <= max ? { bytes, bits } : null
}

/** Whether an address is inside a CIDR; an IPv6 form carrying an IPv4 address also matches IPv4 ranges. */
export function cidrContains(cidr: Cidr, address: string): boolean {
  const bytes = addressBytes(address)
  if (bytes === null) return false
  const candidates = [bytes, ...(bytes.length === 16 ? [embeddedIpv4(bytes)].filter((b): b is Uint8Array => b !== null) : [])]
  return candidates.some((b) => b.length === cidr.bytes.length && inPrefix(b, Array.from(cidr.bytes), cidr.bits))
}
