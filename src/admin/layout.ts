import type { FastifyReply } from 'fastify'
import { html, type SafeHtml } from './html.js'
import type { AdminPrincipal } from './session.js'

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:.6rem 1.2rem;display:flex;gap:1.2rem;align-items:center}
header a{color:#cfd8ff;text-decoration:none}header a:hover{text-decoration:underline}
header .who{margin-left:auto;display:flex;gap:.6rem;align-items:center}
main{padding:1rem 1.2rem;max-width:1200px}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border-bottom:1px solid #e2e5ea;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#eef0f4;font-weight:600}tr:hover td{background:#fafbfd}
.num{text-align:right;font-variant-numeric:tabular-nums}
form.inline{display:inline}form.filters,form.add{margin:.6rem 0;display:flex;gap:.6rem;align-items:end;flex-wrap:wrap}
label{display:flex;flex-direction:column;font-size:12px;color:#555}
input,select,button{font:inherit;padding:.25rem .4rem}
.error{background:#fde8e8;border:1px solid #f5b5b5;padding:.5rem .8rem;margin:.6rem 0}
.notice{background:#e8f6ec;border:1px solid #b5e0c0;padding:.5rem .8rem;margin:.6rem 0}
.pager{margin:.8rem 0;display:flex;gap:1rem}.muted{color:#777}
dl{display:grid;grid-template-columns:max-content auto;gap:.25rem 1rem;background:#fff;padding:.8rem}
dt{font-weight:600}dd{margin:0}pre{white-space:pre-wrap;margin:.3rem 0}
.login{max-width:320px;margin:4rem auto;background:#fff;padding:1.5rem;border:1px solid #e2e5ea}
.login form{display:flex;flex-direction:column;gap:.7rem}
`

function nav(user: AdminPrincipal): SafeHtml {
  return html`<header>
<strong>Tocsin admin</strong>
<a href="/admin">Alarm requests</a>
<a href="/admin/calls">Calls</a>
${user.role === 'admin' ? html`<a href="/admin/outbox">Outbox</a>` : ''}
${user.role !== 'calendar_user' ? html`<a href="/admin/do-not-contact">Do not contact</a>` : ''}
<span class="who">${user.username} (${user.role})
<form class="inline" method="post" action="/admin/logout"><button type="submit">Log out</button></form></span>
</header>`
}

/** A full page. `user` null = the signed-out layout (login form). */
export function page(title: string, user: AdminPrincipal | null, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · Tocsin admin</title><style>${CSS}</style></head>
<body>${user ? nav(user) : ''}<main>${body}</main></body></html>`
}

export function send(reply: FastifyReply, status: number, content: SafeHtml): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').send(content.value)
}

export const PAGE_SIZE = 50

/** Previous/next links that keep the other query parameters. */
export function pager(path: string, query: Record<string, string | undefined>, page: number, count: number): SafeHtml {
  const pages = Math.max(1, Math.ceil(count / PAGE_SIZE))
  const href = (p: number) => {
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) if (v && k !== 'page') params.set(k, v)
    if (p > 1) params.set('page', String(p))
    const qs = params.toString()
    return qs ? `${path}?${qs}` : path
  }
  return html`<nav class="pager">
${page > 1 ? html`<a href="${href(page - 1)}">← Newer</a>` : ''}
<span class="muted">Page ${page} of ${pages} · ${count} in all</span>
${page < pages ? html`<a href="${href(page + 1)}">Older →</a>` : ''}
</nav>`
}

/** `?page=` as a positive whole number; anything else is page 1. */
export function pageNumber(raw: string | undefined): number {
  const n = raw && /^\d{1,6}$/.test(raw) ? Number(raw) : 1
  return Math.max(n, 1)
}
