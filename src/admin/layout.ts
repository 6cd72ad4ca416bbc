import type { FastifyReply } from 'fastify'
import { csrfInput } from './csrf.js'
import { html, type SafeHtml } from './html.js'
import type { AdminPrincipal } from './session.js'
import { CSS } from './style.js'

interface NavItem { href: string; label: string; roles?: readonly AdminPrincipal['role'][] }

/** Every page is one click from here, so every page is within two clicks of the overview. */
const NAV: readonly NavItem[] = [
  { href: '/admin', label: 'Overview' },
  { href: '/admin/appointments', label: 'Appointments' },
  { href: '/admin/alarm-requests', label: 'Reminders' },
  { href: '/admin/reminder-plans', label: 'Reminder plans' },
  { href: '/admin/calls', label: 'Calls' },
  { href: '/admin/messages', label: 'Texts' },
  { href: '/admin/outbox', label: 'E-mail outbox', roles: ['admin'] },
  { href: '/admin/do-not-contact', label: 'Do not contact', roles: ['admin', 'manager'] },
  { href: '/admin/audit', label: 'Changes', roles: ['admin', 'manager'] },
]

const ROLE_LABELS: Record<AdminPrincipal['role'], string> = { admin: 'admin', manager: 'manager', calendar_user: 'calendar user' }

/** The section a path belongs to: the nav item with the longest matching prefix. */
function currentSection(path: string): string | undefined {
  const clean = path.split('?')[0]!.replace(/\/+$/, '') || '/admin'
  return NAV.map((n) => n.href).filter((h) => clean === h || (h !== '/admin' && clean.startsWith(`${h}/`)))
    .sort((a, b) => b.length - a.length)[0]
}

function header(user: AdminPrincipal, path: string): SafeHtml {
  const current = currentSection(path)
  const items = NAV.filter((n) => !n.roles || n.roles.includes(user.role))
  return html`<header class="top">
<div class="bar"><a class="brand" href="/admin">Tocsin admin</a>
<div class="who"><span class="user" title="${user.username}">${user.username}</span><span class="role">(${ROLE_LABELS[user.role]})</span>
<form class="inline" method="post" action="/admin/logout">${csrfInput(user.csrf)}<button type="submit">Log out</button></form></div></div>
<nav aria-label="Main"><ul>${items.map((n) => html`<li><a href="${n.href}"${n.href === current ? html` aria-current="page"` : ''}>${n.label}</a></li>`)}</ul></nav>
</header>`
}

/** A full page. `user` null = the signed-out layout (login form). `path` marks the current section in the menu. */
export function page(title: string, user: AdminPrincipal | null, body: SafeHtml, path = ''): SafeHtml {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · Tocsin admin</title><style>${CSS}</style></head>
<body><a class="skip" href="#main">Skip to content</a>${user ? header(user, path) : ''}<main id="main" tabindex="-1">${body}</main></body></html>`
}

export function send(reply: FastifyReply, status: number, content: SafeHtml): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').send(content.value)
}

/** A table that scrolls sideways inside its own box on a narrow screen (the page itself never does). */
export function scrollTable(label: string, content: SafeHtml): SafeHtml {
  return html`<div class="scroll" role="region" aria-label="${label}" tabindex="0">${content}</div>`
}

/** The "Times in Europe/Berlin" line every page with times carries. */
export function zoneNote(user: AdminPrincipal): SafeHtml {
  return html`Times are in ${user.timezone}.`
}
