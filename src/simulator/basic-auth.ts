export interface Credentials {
  username: string
  password: string
}

export function parseBasicAuth(header: string | undefined): Credentials | null {
  const match = header === undefined ? null : /^Basic\s+(\S+)\s*$/i.exec(header)
  if (match === null || match[1] === undefined) return null
  const decoded = Buffer.from(match[1], 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon <= 0) return null
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}
