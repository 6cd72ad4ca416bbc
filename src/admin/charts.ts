import { html, type SafeHtml } from './html.js'

/**
 * Small server-rendered SVG charts (no script: the CSP forbids it, and none is needed). Each is a figure whose SVG
 * has a text alternative, followed by its numbers as a table for screen readers and for anyone who wants them exact.
 * Colours: bars #1a4fb5 (reached) and #b3261e (not reached) are at least 6.5:1 on white, and every value is also
 * written as text, so colour never carries meaning alone.
 */
export interface Bar { label: string; value: number; of?: number }

const pct = (value: number, of: number) => (of > 0 ? Math.round((value / of) * 100) : 0)
const valueText = (b: Bar) => (b.of === undefined ? String(b.value) : `${pct(b.value, b.of)}% (${b.value} of ${b.of})`)

/** A label split into lines of at most `max` characters, at spaces. */
function wrap(text: string, max: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    if (line && `${line} ${word}`.length > max) {
      lines.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  return [...lines, line]
}

/** Horizontal bars, each under its label (wrapped, never cut): the bar's length the value, or its share of `of`. */
export function barChart(id: string, title: string, bars: Bar[], color = '#1a4fb5'): SafeHtml {
  if (bars.length === 0) return html`<figure><figcaption><strong>${title}</strong></figcaption><p class="muted">No data yet.</p></figure>`
  const width = 360
  const barSpace = width - 130
  const line = 17
  const max = Math.max(1, ...bars.map((b) => (b.of === undefined ? b.value : 100)))
  const length = (b: Bar) => Math.max(1, Math.round((barSpace * (b.of === undefined ? b.value : pct(b.value, b.of))) / max))
  let y = 0
  const rows = bars.map((b) => {
    const lines = wrap(b.label, 44)
    const top = y
    y += lines.length * line + 26
    return html`<g transform="translate(0 ${top})">
${lines.map((text, i) => html`<text x="0" y="${(i + 1) * line - 4}" font-size="14" fill="#1d2330">${text}</text>`)}
<rect x="0" y="${lines.length * line}" width="${length(b)}" height="16" fill="${color}"></rect>
<text x="${length(b) + 6}" y="${lines.length * line + 13}" font-size="14" fill="#1d2330">${valueText(b)}</text></g>`
  })
  const summary = bars.map((b) => `${b.label}: ${valueText(b)}`).join('; ')
  return html`<figure>
<figcaption id="${id}-title"><strong>${title}</strong></figcaption>
<svg viewBox="0 0 ${width} ${y}" width="${width}" height="${y}" role="img" aria-labelledby="${id}-title ${id}-desc">
<desc id="${id}-desc">${summary}</desc>
${rows}
</svg></figure>`
}

export interface Stack { label: string; good: number; bad: number }

/** Vertical stacked columns (e.g. 24 hours): reached at the bottom, not reached on top. */
export function columnChart(id: string, title: string, stacks: Stack[]): SafeHtml {
  const total = stacks.reduce((n, s) => n + s.good + s.bad, 0)
  if (total === 0) return html`<figure><figcaption><strong>${title}</strong></figcaption><p class="muted">No data yet.</p></figure>`
  const column = 15
  const chartHeight = 110
  const width = stacks.length * column + 10
  const max = Math.max(1, ...stacks.map((s) => s.good + s.bad))
  const scale = (n: number) => Math.round((chartHeight * n) / max)
  const summary = stacks.filter((s) => s.good + s.bad > 0).map((s) => `${s.label}: ${s.good} reached, ${s.bad} not reached`).join('; ')
  return html`<figure>
<figcaption id="${id}-title"><strong>${title}</strong> <span class="muted">(blue: reached; red: not reached)</span></figcaption>
<svg viewBox="0 0 ${width} ${chartHeight + 22}" width="${width}" height="${chartHeight + 22}" role="img" aria-labelledby="${id}-title ${id}-desc">
<desc id="${id}-desc">${summary}</desc>
${stacks.map((s, i) => html`<g transform="translate(${i * column + 5} 0)">
<rect x="1" y="${chartHeight - scale(s.good)}" width="${column - 3}" height="${scale(s.good)}" fill="#1a4fb5"></rect>
<rect x="1" y="${chartHeight - scale(s.good) - scale(s.bad)}" width="${column - 3}" height="${scale(s.bad)}" fill="#b3261e"></rect>
${i % 4 === 0 ? html`<text x="0" y="${chartHeight + 17}" font-size="14" fill="#1d2330">${s.label}</text>` : ''}</g>`)}
</svg></figure>`
}

/** The exact numbers behind a chart, folded away by default. */
export function numbersTable(caption: string, head: string[], body: (string | number)[][]): SafeHtml {
  return html`<details><summary>${caption}: the numbers</summary>
<div class="scroll" role="region" aria-label="${caption}" tabindex="0"><table><caption class="sr-only">${caption}</caption>
<thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${body.map((row) => html`<tr>${row.map((cell, i) => (i === 0 ? html`<th scope="row">${cell}</th>` : html`<td class="num">${cell}</td>`))}</tr>`)}</tbody></table></div></details>`
}
