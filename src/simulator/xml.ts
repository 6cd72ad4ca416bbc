/**
 * A deliberately small XML reader for TwiML: elements, attributes, text, CDATA, comments and the
 * five predefined entities plus character references. It is strict where Twilio is strict (a bare
 * `&` or a mismatched tag is a document parse failure), so mistakes show up in the simulator
 * before they reach a carrier.
 */
export interface XmlElement {
  name: string
  attrs: Record<string, string>
  children: XmlNode[]
}

export type XmlNode = XmlElement | string

export class XmlParseError extends Error {
  override readonly name = 'XmlParseError'
}

const START_TAG = /<([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y
const ATTRIBUTE = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g
const ENTITY = /&(?:#x([0-9a-fA-F]+);|#([0-9]+);|(amp|lt|gt|quot|apos);)|&/g
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decodeEntities(text: string): string {
  return text.replace(ENTITY, (match, hex?: string, dec?: string, name?: string) => {
    if (hex !== undefined) return String.fromCodePoint(parseInt(hex, 16))
    if (dec !== undefined) return String.fromCodePoint(parseInt(dec, 10))
    if (name !== undefined) return NAMED[name] ?? match
    throw new XmlParseError("bare '&' in text (write &amp;)")
  })
}

export function parseXml(xml: string): XmlElement {
  const stack: XmlElement[] = []
  let root: XmlElement | null = null
  let i = 0

  const fail = (message: string): never => {
    throw new XmlParseError(`${message} (at offset ${i})`)
  }
  const skipPast = (terminator: string, what: string): void => {
    const end = xml.indexOf(terminator, i)
    if (end < 0) fail(`unterminated ${what}`)
    i = end + terminator.length
  }
  const appendText = (text: string): void => {
    const parent = stack.at(-1)
    if (parent === undefined) {
      if (text.trim() !== '') fail('text outside the root element')
      return
    }
    const last = parent.children.at(-1)
    if (typeof last === 'string') parent.children[parent.children.length - 1] = last + text
    else parent.children.push(text)
  }

  while (i < xml.length) {
    if (xml.startsWith('<?', i)) skipPast('?>', 'processing instruction')
    else if (xml.startsWith('<!--', i)) skipPast('-->', 'comment')
    else if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i)
      if (end < 0) fail('unterminated CDATA section')
      appendText(xml.slice(i + 9, end))
      i = end + 3
    } else if (xml.startsWith('<!', i)) skipPast('>', 'declaration')
    else if (xml.startsWith('</', i)) {
      const end = xml.indexOf('>', i)
      if (end < 0) fail('unterminated end tag')
      const name = xml.slice(i + 2, end).trim()
      const open = stack.pop()
      if (open?.name !== name) fail(`unexpected </${name}>${open ? ` while <${open.name}> is open` : ''}`)
      i = end + 1
    } else if (xml[i] === '<') {
      START_TAG.lastIndex = i
      const m = START_TAG.exec(xml)
      if (m === null) fail('malformed start tag')
      const [whole, name = '', rawAttrs = '', selfClosing] = m as RegExpExecArray
      const element: XmlElement = { name, attrs: {}, children: [] }
      for (const [, key = '', dq, sq] of rawAttrs.matchAll(ATTRIBUTE)) {
        element.attrs[key] = decodeEntities(dq ?? sq ?? '')
      }
      const parent = stack.at(-1)
      if (parent !== undefined) parent.children.push(element)
      else if (root === null) root = element
      else fail('more than one root element')
      if (selfClosing !== '/') stack.push(element)
      i += whole.length
    } else {
      const end = xml.indexOf('<', i)
      const stop = end < 0 ? xml.length : end
      appendText(decodeEntities(xml.slice(i, stop)))
      i = stop
    }
  }
  const unclosed = stack.at(-1)
  if (unclosed !== undefined) fail(`<${unclosed.name}> is never closed`)
  if (root === null) return fail('no root element')
  return root
}

export function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter((c): c is XmlElement => typeof c !== 'string')
}

/** The element's own text with surrounding whitespace removed (nested elements ignored). */
export function textOf(element: XmlElement): string {
  return element.children
    .filter((c): c is string => typeof c === 'string')
    .join('')
    .trim()
}
