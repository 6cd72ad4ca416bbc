import { Readable } from 'node:stream'
import type { FastifyReply } from 'fastify'

/** Rows are read and written this many at a time, so an export of any size holds one batch in memory. */
export const CSV_BATCH = 500

/**
 * One CSV field (RFC 4180). A text a spreadsheet would run as a formula (=, +, -, @ first) gets a leading
 * apostrophe, except a plain number such as +14155550100, which a spreadsheet reads as data.
 */
export function csvField(value: unknown): string {
  let text = value instanceof Date ? value.toISOString() : String(value ?? '')
  if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?\d[\d ]*$/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`
}

/**
 * Streams a CSV download: the header, then `batch(offset)` until it returns fewer than CSV_BATCH rows. The
 * filename names the list and the day, e.g. reminders-2031-01-14.csv.
 */
export function sendCsv(reply: FastifyReply, name: string, header: readonly string[], batch: (offset: number) => Promise<unknown[][]>): FastifyReply {
  async function* lines() {
    yield `\uFEFF${csvLine(header)}`
    for (let offset = 0; ; offset += CSV_BATCH) {
      const rows = await batch(offset)
      for (const row of rows) yield csvLine(row)
      if (rows.length < CSV_BATCH) return
    }
  }
  const day = new Date().toISOString().slice(0, 10)
  return reply.status(200).type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}-${day}.csv"`)
    .send(Readable.from(lines()))
}
