/** The only place text becomes XML: every value and attribute passes through escapeXml. */

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
}

export function escapeXml(text: string): string {
  // Control characters other than tab/newline are not allowed in XML 1.0 at all; drop them.
  const clean = text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
  return clean.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char)
}

export type Attributes = Record<string, string | number | boolean | undefined>

/** `<name a="1">children</name>`, or `<name a="1"/>` without children; undefined attributes are left out. */
export function element(name: string, attributes: Attributes = {}, children?: string): string {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`)
    .join('')
  return children === undefined ? `<${name}${attrs}/>` : `<${name}${attrs}>${children}</${name}>`
}
