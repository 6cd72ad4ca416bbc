import { Type, type TSchema } from 'typebox'
import { GATEWAY_PROVIDERS } from '../../db/schema/gateway.js'
import { StringEnum } from '../common.js'
import { DateTimeOut, NullableLinkIn, NullableString } from './fields.js'
import { Nullable } from '../../kit/nullable.js'

const common = {
  name: Type.String({ minLength: 1, maxLength: 255 }),
  description: Type.String({ maxLength: 2000 }),
  provider: StringEnum(GATEWAY_PROVIDERS, { description: 'twilio (a real account) or simulator (the built-in carrier)' }),
  account_sid: Type.String({ description: 'AC followed by 32 hex digits' }),
  max_cps: Type.Integer({ minimum: 1, maximum: 10000, description: 'calls (or messages) started per second, across all workers' }),
  max_concurrent: Type.Integer({ minimum: 0, maximum: 100000, description: '0 = unlimited' }),
  status: Type.Integer({ enum: [0, 1], description: '1 active, 0 inactive' }),
  opt_out_reply: NullableString({ maxLength: 1600, description: 'our own answer to an opt-out keyword (STOP…) texted to this number; null = none (Twilio\'s opt-out handling may send its own)' }),
  opt_in_reply: NullableString({ maxLength: 1600, description: 'our own answer to an opt-in keyword (START, UNSTOP, YES); null = none' }),
  help_reply: NullableString({ maxLength: 1600, description: 'the answer to HELP or INFO; null = none' }),
}

/** Voice (`caller_id`) and SMS (`from_number`) gateways differ only in the sender's name. */
function schemas(sender: 'caller_id' | 'from_number') {
  const senderIn = Type.String({ maxLength: 40, description: 'E.164 (a national number is read in the organization\'s region)' })
  const out = Type.Object({
    url: Type.String(),
    id: Type.Integer(),
    name: Type.String(),
    description: Type.String(),
    provider: common.provider,
    account_sid: Type.String(),
    base_url: Nullable(Type.String()),
    ...({ [sender]: Type.String({ description: 'E.164, or empty' }) } as Record<string, TSchema>),
    max_cps: Type.Integer(),
    max_concurrent: Type.Integer(),
    status: Type.Integer(),
    opt_out_reply: Nullable(Type.String()),
    opt_in_reply: Nullable(Type.String()),
    help_reply: Nullable(Type.String()),
    organization: Nullable(Type.String({ description: 'hyperlink to the organization it belongs to; null = a system gateway, usable by every organization' })),
    user: Nullable(Type.String({ description: 'hyperlink to the owning manager; null = shared with every manager of its organization' })),
    created_date: DateTimeOut,
    updated_date: DateTimeOut,
  })
  const writable = {
    ...common,
    auth_token: Type.String({ minLength: 1, maxLength: 256, writeOnly: true, description: 'write-only; stored encrypted' }),
    base_url: NullableString({ maxLength: 500, description: 'http(s) URL of the provider API; null = its default' }),
    user: NullableLinkIn("owning manager (admins only; omitted = shared with the admin's organization)"),
  }
  const create = Type.Object({
    name: writable.name,
    provider: writable.provider,
    account_sid: writable.account_sid,
    auth_token: writable.auth_token,
    description: Type.Optional(writable.description),
    base_url: Type.Optional(writable.base_url),
    ...({ [sender]: Type.Optional(senderIn) } as Record<string, TSchema>),
    max_cps: Type.Optional(writable.max_cps),
    max_concurrent: Type.Optional(writable.max_concurrent),
    status: Type.Optional(writable.status),
    opt_out_reply: Type.Optional(writable.opt_out_reply),
    opt_in_reply: Type.Optional(writable.opt_in_reply),
    help_reply: Type.Optional(writable.help_reply),
    user: Type.Optional(writable.user),
  })
  // PUT replaces everything but the token, which changes only when given.
  const put = Type.Object({ ...create.properties, auth_token: Type.Optional(writable.auth_token) })
  return { out, create, put, patch: Type.Partial(Type.Object({ ...writable, ...({ [sender]: senderIn } as Record<string, TSchema>) })) }
}

export const GatewaySchemas = schemas('caller_id')
export const SmsGatewaySchemas = schemas('from_number')
