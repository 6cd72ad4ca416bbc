import { DateTime } from 'luxon'

/**
 * Newfies-Dialer's hand-built lists (calendar-user, calendar-user-profile, get_list_child,
 * get_list_alarm) joined `str(dict)`s and `ast.literal_eval`'d them: no items gave a note, one item
 * the object itself, several a list. Its clients read exactly that, so it is answered so.
 */
export function newfiesList<T>(items: T[], note: string): T | T[] | { note: string } {
  if (items.length === 0) return { note }
  return items.length === 1 ? items[0]! : items
}

/** Python's str() of an aware UTC datetime: `2013-12-17 16:26:07+00:00`, `…:23.368000+00:00` with a fraction. */
export function pythonUtc(date: Date): string {
  const d = DateTime.fromJSDate(date, { zone: 'UTC' })
  return d.toFormat(d.millisecond === 0 ? "yyyy-LL-dd HH:mm:ss'+00:00'" : "yyyy-LL-dd HH:mm:ss.SSS'000+00:00'")
}

const AP_MONTHS = ['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.']

/** Django's DATE_FORMAT ("N j, Y", e.g. "Nov. 28, 2014") in UTC, as Newfies printed an event. */
export function djangoDate(date: Date): string {
  const d = DateTime.fromJSDate(date, { zone: 'UTC' })
  return `${AP_MONTHS[d.month - 1]} ${d.day}, ${d.year}`
}
