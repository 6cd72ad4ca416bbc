import type { SimCall, SimMessage } from './types.js'

export const API_VERSION = '2010-04-01'

/** Twilio's date format: RFC 2822 with a numeric zone, e.g. "Tue, 31 Aug 2010 20:36:28 +0000". */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000')
}

function maybeDate(date: Date | null): string | null {
  return date === null ? null : rfc2822(date)
}

export function callJson(call: SimCall): Record<string, unknown> {
  const uri = `/${API_VERSION}/Accounts/${call.accountSid}/Calls/${call.sid}.json`
  return {
    sid: call.sid,
    account_sid: call.accountSid,
    api_version: API_VERSION,
    annotation: null,
    answered_by: call.answeredBy,
    caller_name: null,
    date_created: rfc2822(call.dateCreated),
    date_updated: rfc2822(call.dateUpdated),
    direction: call.direction,
    // Twilio serialises the duration as a string of seconds.
    duration: call.duration === null ? null : String(call.duration),
    end_time: maybeDate(call.endTime),
    forwarded_from: null,
    from: call.from,
    from_formatted: call.from,
    group_sid: null,
    parent_call_sid: null,
    phone_number_sid: null,
    price: null,
    price_unit: 'USD',
    queue_time: String(call.queueTimeMs),
    start_time: maybeDate(call.startTime),
    status: call.status,
    subresource_uris: {
      notifications: uri.replace(/\.json$/, '/Notifications.json'),
      recordings: uri.replace(/\.json$/, '/Recordings.json'),
    },
    to: call.to,
    to_formatted: call.to,
    trunk_sid: null,
    uri,
  }
}

/** One page of a Calls list, in Twilio's envelope; `next_page_uri` is null on the last page. */
export function callPage(
  accountSid: string, calls: SimCall[], page: number, pageSize: number, query: Record<string, string | undefined>,
): Record<string, unknown> {
  const base = `/${API_VERSION}/Accounts/${accountSid}/Calls.json`
  const uri = (n: number) => {
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(query)) if (value !== undefined && key !== 'Page' && key !== 'PageSize') params.set(key, value)
    params.set('PageSize', String(pageSize))
    params.set('Page', String(n))
    return `${base}?${params.toString()}`
  }
  const start = page * pageSize
  const slice = calls.slice(start, start + pageSize)
  return {
    calls: slice.map(callJson),
    page,
    page_size: pageSize,
    start,
    end: start + Math.max(0, slice.length - 1),
    uri: uri(page),
    first_page_uri: uri(0),
    previous_page_uri: page > 0 ? uri(page - 1) : null,
    next_page_uri: start + pageSize < calls.length ? uri(page + 1) : null,
  }
}

export function messageJson(message: SimMessage): Record<string, unknown> {
  const uri = `/${API_VERSION}/Accounts/${message.accountSid}/Messages/${message.sid}.json`
  return {
    sid: message.sid,
    account_sid: message.accountSid,
    api_version: API_VERSION,
    body: message.body,
    date_created: rfc2822(message.dateCreated),
    date_sent: maybeDate(message.dateSent),
    date_updated: rfc2822(message.dateUpdated),
    direction: message.direction,
    error_code: message.errorCode,
    error_message: message.errorMessage,
    from: message.from,
    messaging_service_sid: null,
    num_media: '0',
    num_segments: String(Math.max(1, Math.ceil(message.body.length / 160))),
    price: null,
    price_unit: 'USD',
    status: message.status,
    subresource_uris: { media: uri.replace(/\.json$/, '/Media.json') },
    to: message.to,
    uri,
  }
}

export interface TwilioErrorBody {
  code: number
  message: string
  more_info: string
  status: number
}

export function twilioError(status: number, code: number, message: string): TwilioErrorBody {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }
}
