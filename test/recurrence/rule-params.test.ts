import t from 'tap'
import { Frequency, parseRule, readParams, readRrule } from '../../src/recurrence/rule-params.js'

const ok = (input: Parameters<typeof parseRule>[0]) => {
  const r = parseRule(input)
  if (!r.ok) throw new Error(`expected ok, got ${r.message}`)
  return r.rule
}

t.test('Frequency lists the seven dateutil frequencies', async (t) => {
  t.same([...Frequency], ['YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY', 'HOURLY', 'MINUTELY', 'SECONDLY'])
})

t.test('the default fixture rules (newfies-dialer/newfies-dialer: newfies/appointment/models/rules.py)', async (t) => {
  t.same(ok({ frequency: 'MONTHLY', params: '' }), { frequency: 'MONTHLY', params: '', rrule: 'FREQ=MONTHLY' })
  t.same(ok({ frequency: 'WEEKLY', params: 'count:10;byweekday:0,1,2,3,4' }), {
    frequency: 'WEEKLY', params: 'count:10;byweekday:0,1,2,3,4', rrule: 'FREQ=WEEKLY;COUNT=10;BYDAY=MO,TU,WE,TH,FR',
  })
  t.same(ok({ frequency: 'WEEKLY', params: 'byweekday:0,1,2,3,4' }).rrule, 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR')
  t.same(ok({ frequency: 'YEARLY', params: null }), { frequency: 'YEARLY', params: '', rrule: 'FREQ=YEARLY' })
  t.same(ok({ frequency: 'DAILY' }), { frequency: 'DAILY', params: '', rrule: 'FREQ=DAILY' })
})

t.test('the RRULE form, with or without its prefix, gives the same rule', async (t) => {
  const expected = { frequency: 'WEEKLY', params: 'count:10;byweekday:0,1,2,3,4', rrule: 'FREQ=WEEKLY;COUNT=10;BYDAY=MO,TU,WE,TH,FR' }
  t.same(ok({ rrule: 'FREQ=WEEKLY;COUNT=10;BYDAY=MO,TU,WE,TH,FR' }), expected)
  t.same(ok({ rrule: 'RRULE:FREQ=WEEKLY;COUNT=10;BYDAY=MO,TU,WE,TH,FR' }), expected)
  t.same(ok({ rrule: ' rrule:freq=weekly;byday=fr,th,we,tu,mo,mo;count=10; ' }), expected, 'case, order, duplicates, spaces')
})

t.test('Newfies spellings: quotes, trailing ;, weekday names, dateutil nth weekdays', async (t) => {
  t.equal(ok({ frequency: 'weekly', params: '"count:10;byweekday:MO,tu,4;"' }).params, 'count:10;byweekday:0,1,4')
  t.same(ok({ frequency: 'MONTHLY', params: 'byweekday:FR(-1),MO(+1)' }), {
    frequency: 'MONTHLY', params: 'byweekday:MO(+1),FR(-1)', rrule: 'FREQ=MONTHLY;BYDAY=1MO,-1FR',
  })
  t.equal(ok({ frequency: 'MONTHLY', params: 'byweekday:+2TU' }).rrule, 'FREQ=MONTHLY;BYDAY=2TU')
  // Rule.get_params skipped segments that are not key:value; its docstring's rule has params "1"
  t.same(ok({ frequency: 'YEARLY', params: '1' }), { frequency: 'YEARLY', params: '', rrule: 'FREQ=YEARLY' })
  t.equal(ok({ frequency: 'WEEKLY', params: 'x;count:2' }).params, 'count:2')
})

t.test('round trips: params → rrule → params and back are fixed points', async (t) => {
  const rules = [
    ['MONTHLY', 'interval:2;count:6;bymonthday:1,15,-1'],
    ['YEARLY', 'until:20301231T230000Z;bymonth:1,7;byweekno:1,-1;byyearday:1,100,-1;byhour:9,17;byminute:0,30;bysecond:0;bysetpos:1,-1;wkst:6'],
    ['YEARLY', 'until:20301231;byweekday:MO(+1),SU(-1)'],
    ['HOURLY', 'interval:3;byhour:8,11,14'],
    ['MINUTELY', 'interval:15;count:4'],
    ['SECONDLY', 'interval:30;count:2'],
  ] as const
  for (const [frequency, params] of rules) {
    const a = ok({ frequency, params })
    t.equal(a.params, params, `${frequency} ${params} is canonical`)
    const b = ok({ rrule: a.rrule })
    t.same(b, a, `${a.rrule} reads back`)
    t.same(ok({ frequency, params, rrule: `RRULE:${a.rrule}` }), a, 'both forms together agree')
  }
})

t.test('canonical form drops defaults and normalises UNTIL', async (t) => {
  t.same(ok({ rrule: 'FREQ=DAILY;INTERVAL=1;WKST=MO' }), { frequency: 'DAILY', params: '', rrule: 'FREQ=DAILY' })
  t.equal(ok({ frequency: 'DAILY', params: 'until:2025-12-31T08:00:00Z' }).rrule, 'FREQ=DAILY;UNTIL=20251231T080000Z')
  t.equal(ok({ frequency: 'DAILY', params: 'until:2025-12-31' }).rrule, 'FREQ=DAILY;UNTIL=20251231')
  t.equal(ok({ rrule: 'FREQ=WEEKLY;WKST=SU;INTERVAL=2' }).params, 'interval:2;wkst:6')
})

t.test('frequency + rrule with params left out: frequency must agree', async (t) => {
  t.equal(ok({ frequency: 'WEEKLY', rrule: 'FREQ=WEEKLY;COUNT=3' }).params, 'count:3')
  t.same(parseRule({ frequency: 'DAILY', rrule: 'FREQ=WEEKLY' }), {
    ok: false, field: 'rrule', message: 'rrule: FREQ=WEEKLY disagrees with frequency DAILY',
  })
})

t.test('both forms given and disagreeing is an rrule error', async (t) => {
  t.same(parseRule({ frequency: 'WEEKLY', params: 'count:10', rrule: 'FREQ=WEEKLY;COUNT=9' }), {
    ok: false, field: 'rrule', message: 'rrule: disagrees with params "count:10"',
  })
  t.same(parseRule({ frequency: 'WEEKLY', params: null, rrule: 'FREQ=WEEKLY;COUNT=9' }), {
    ok: false, field: 'rrule', message: 'rrule: disagrees with params ""',
  }, 'explicitly empty params are params')
  t.same(parseRule({ params: 'count:9', rrule: 'FREQ=WEEKLY;COUNT=9' }).ok, true, 'params alone may accompany rrule')
})

t.test('every error names its part', async (t) => {
  const cases: [Parameters<typeof parseRule>[0], string, string][] = [
    [{}, 'frequency', 'frequency: required (or give rrule)'],
    [{ params: 'count:1' }, 'frequency', 'frequency: required (or give rrule)'],
    [{ frequency: 'FORTNIGHTLY' }, 'frequency', 'frequency: "FORTNIGHTLY" is not one of YEARLY, MONTHLY, WEEKLY, DAILY, HOURLY, MINUTELY, SECONDLY'],
    [{ frequency: 'FORTNIGHTLY', rrule: 'FREQ=WEEKLY' }, 'frequency', 'frequency: "FORTNIGHTLY" is not one of YEARLY, MONTHLY, WEEKLY, DAILY, HOURLY, MINUTELY, SECONDLY'],
    [{ frequency: 'WEEKLY', params: 'bywekday:0' }, 'params', 'params: unknown key "bywekday"'],
    [{ frequency: 'WEEKLY', params: 'byday:MO' }, 'params', 'params: unknown key "byday"'],
    [{ frequency: 'WEEKLY', params: 'byeaster:0' }, 'params', 'params: unknown key "byeaster"'],
    [{ frequency: 'WEEKLY', params: ':10' }, 'params', 'params: ":10" is not key:value'],
    [{ frequency: 'WEEKLY', params: 'count:' }, 'params', 'params: count has an empty value'],
    [{ frequency: 'WEEKLY', params: 'count:1,2' }, 'params', 'params: count takes one value'],
    [{ frequency: 'WEEKLY', params: 'count:ten' }, 'params', 'params: count value "ten" is not a whole number'],
    [{ frequency: 'WEEKLY', params: 'count:0' }, 'params', 'params: count must be at least 1'],
    [{ frequency: 'WEEKLY', params: 'interval:0' }, 'params', 'params: interval must be at least 1'],
    [{ frequency: 'WEEKLY', params: 'count:2;count:3' }, 'params', 'params: count is given twice'],
    [{ frequency: 'WEEKLY', params: 'byweekday:7' }, 'params', 'params: byweekday value "7" is not a weekday'],
    [{ frequency: 'MONTHLY', params: 'byweekday:MO(0)' }, 'params', 'params: byweekday value "MO(0)" must be the 1st..53rd or -1st..-53rd weekday'],
    [{ frequency: 'YEARLY', params: 'bymonth:13' }, 'params', 'params: bymonth value "13" is out of range 1..12'],
    [{ frequency: 'MONTHLY', params: 'bymonthday:0' }, 'params', 'params: bymonthday value "0" is out of range 1..31 or -31..-1'],
    [{ frequency: 'DAILY', params: 'byhour:24' }, 'params', 'params: byhour value "24" is out of range 0..23'],
    [{ frequency: 'DAILY', params: 'byminute:60' }, 'params', 'params: byminute value "60" is out of range 0..59'],
    [{ frequency: 'DAILY', params: 'bysecond:60' }, 'params', 'params: bysecond value "60" is out of range 0..59'],
    [{ frequency: 'YEARLY', params: 'byyearday:367' }, 'params', 'params: byyearday value "367" is out of range 1..366 or -366..-1'],
    [{ frequency: 'YEARLY', params: 'byweekno:54' }, 'params', 'params: byweekno value "54" is out of range 1..53 or -53..-1'],
    [{ frequency: 'WEEKLY', params: 'wkst:MO(+1)' }, 'params', 'params: wkst value "MO(+1)" must be a plain weekday'],
    [{ frequency: 'DAILY', params: 'until:tomorrow' }, 'params', 'params: until value "tomorrow" is not a date YYYYMMDD or a UTC time YYYYMMDDTHHMMSSZ'],
    [{ frequency: 'DAILY', params: 'count:3;until:20250101' }, 'params', 'params: count and until cannot both be given'],
    [{ frequency: 'MONTHLY', params: 'bymonth:2;bymonthday:30,31' }, 'params', 'params: bymonthday 30,31 never falls in bymonth 2'],
    [{ rrule: '' }, 'frequency', 'frequency: required (or give rrule)'],
    [{ rrule: 'COUNT=3' }, 'rrule', 'rrule: FREQ is missing'],
    [{ rrule: 'FREQ=WEEKLY;FREQ=DAILY' }, 'rrule', 'rrule: FREQ is given twice'],
    [{ rrule: 'FREQ=FORTNIGHTLY' }, 'rrule', 'rrule: FREQ value "FORTNIGHTLY" is not one of YEARLY, MONTHLY, WEEKLY, DAILY, HOURLY, MINUTELY, SECONDLY'],
    [{ rrule: 'FREQ=WEEKLY;BYDAY=XX' }, 'rrule', 'rrule: BYDAY value "XX" is not a weekday'],
    [{ rrule: 'FREQ=WEEKLY;BYDAY=0' }, 'rrule', 'rrule: BYDAY value "0" is not a weekday'],
    [{ rrule: 'FREQ=MONTHLY;BYDAY=FR(-1)' }, 'rrule', 'rrule: BYDAY value "FR(-1)" is not a weekday'],
    [{ rrule: 'FREQ=WEEKLY;BYWEEKDAY=MO' }, 'rrule', 'rrule: unknown part "BYWEEKDAY"'],
    [{ rrule: 'FREQ=WEEKLY;X-FOO=1' }, 'rrule', 'rrule: unknown part "X-FOO"'],
    [{ rrule: 'FREQ=WEEKLY;COUNT' }, 'rrule', 'rrule: "COUNT" is not NAME=VALUE'],
    [{ rrule: 'FREQ=DAILY;COUNT=2;UNTIL=20250101T000000Z' }, 'rrule', 'rrule: COUNT and UNTIL cannot both be given'],
    [{ rrule: 'FREQ=DAILY;UNTIL=20250230' }, 'rrule', 'rrule: UNTIL value "20250230" is not a real date'],
    [{ rrule: 'FREQ=DAILY;UNTIL=20250201T250000Z' }, 'rrule', 'rrule: UNTIL value "20250201T250000Z" is not a real date'],
    [{ rrule: 'FREQ=DAILY;UNTIL=20250201T090000' }, 'rrule', 'rrule: UNTIL value "20250201T090000" must be in UTC (end with Z) or be a date YYYYMMDD'],
    [{ rrule: 'FREQ=MONTHLY;BYWEEKNO=1' }, 'rrule', 'rrule: BYWEEKNO needs frequency YEARLY'],
    [{ rrule: 'FREQ=MONTHLY;BYYEARDAY=1' }, 'rrule', 'rrule: BYYEARDAY cannot be used with frequency MONTHLY'],
    [{ rrule: 'FREQ=WEEKLY;BYMONTHDAY=1' }, 'rrule', 'rrule: BYMONTHDAY cannot be used with frequency WEEKLY'],
    [{ rrule: 'FREQ=WEEKLY;BYDAY=1MO' }, 'rrule', 'rrule: BYDAY with a position (e.g. the 1st MO) needs frequency MONTHLY or YEARLY without BYWEEKNO'],
    [{ rrule: 'FREQ=YEARLY;BYWEEKNO=1;BYDAY=1MO' }, 'rrule', 'rrule: BYDAY with a position (e.g. the 1st MO) needs frequency MONTHLY or YEARLY without BYWEEKNO'],
    [{ rrule: 'FREQ=MONTHLY;BYSETPOS=1' }, 'rrule', 'rrule: BYSETPOS needs another BY rule part'],
    [{ rrule: 'DTSTART:20250101T090000Z\nRRULE:FREQ=DAILY' }, 'rrule', 'rrule: give one RRULE line; the event\'s start is the series start'],
    [{ rrule: 'FREQ=DAILY;INTERVAL=-1' }, 'rrule', 'rrule: INTERVAL must be at least 1'],
    [{ frequency: 'WEEKLY', params: 'count:ten', rrule: 'FREQ=WEEKLY' }, 'params', 'params: count value "ten" is not a whole number'],
    // junk before or after a value that would otherwise be one
    [{ frequency: 'WEEKLY', params: 'count:x10' }, 'params', 'params: count value "x10" is not a whole number'],
    [{ frequency: 'WEEKLY', params: 'byweekday:17' }, 'params', 'params: byweekday value "17" is not a weekday'],
    [{ frequency: 'WEEKLY', params: 'byweekday:6x' }, 'params', 'params: byweekday value "6x" is not a weekday'],
    [{ frequency: 'MONTHLY', params: 'byweekday:xMO(+1)' }, 'params', 'params: byweekday value "xMO(+1)" is not a weekday'],
    [{ frequency: 'MONTHLY', params: 'byweekday:MO(+1)x' }, 'params', 'params: byweekday value "MO(+1)x" is not a weekday'],
    [{ rrule: 'FREQ=MONTHLY;BYDAY=100MO' }, 'rrule', 'rrule: BYDAY value "100MO" is not a weekday'],
    [{ frequency: 'MONTHLY', params: 'byweekday:MO(+100)' }, 'params', 'params: byweekday value "MO(+100)" is not a weekday'],
    [{ frequency: 'YEARLY', params: 'byweekday:MO(+54)' }, 'params', 'params: byweekday value "MO(+54)" must be the 1st..53rd or -1st..-53rd weekday'],
    [{ frequency: 'DAILY', params: 'until:x20250101' }, 'params', 'params: until value "x20250101" is not a date YYYYMMDD or a UTC time YYYYMMDDTHHMMSSZ'],
    [{ frequency: 'DAILY', params: 'until:20250101x' }, 'params', 'params: until value "20250101x" is not a date YYYYMMDD or a UTC time YYYYMMDDTHHMMSSZ'],
    [{ rrule: 'XFREQ=DAILY' }, 'rrule', 'rrule: FREQ is missing'],
    [{ rrule: 'FREQX=DAILY' }, 'rrule', 'rrule: FREQ is missing'],
  ]
  for (const [input, field, message] of cases) t.same(parseRule(input), { ok: false, field, message }, message)
  t.equal(ok({ frequency: 'YEARLY', params: 'byweekday:MO(+53),SU(-53)' }).rrule, 'FREQ=YEARLY;BYDAY=53MO,-53SU', 'the 53rd is the last there is')
})

t.test('parse, never evaluate: code-like params are just unknown keys or bad values', async (t) => {
  t.same(parseRule({ frequency: 'DAILY', params: '__import__("os").system("x"):1' }).ok, false)
  t.same(parseRule({ frequency: 'DAILY', params: 'byweekday:__import__' }), {
    ok: false, field: 'params', message: 'params: byweekday value "__import__" is not a weekday',
  })
})

t.test('readParams / readRrule expose the parsed parts', async (t) => {
  const p = readParams('WEEKLY', 'count:10;byweekday:0,4')
  t.same(p, { ok: true, parts: { freq: 'WEEKLY', count: 10, byweekday: [{ day: 0 }, { day: 4 }] } })
  const r = readRrule('FREQ=DAILY;UNTIL=20250101T120000Z')
  t.same(r, { ok: true, parts: { freq: 'DAILY', until: { ms: Date.UTC(2025, 0, 1, 12), floating: false } } })
  t.same(readRrule('FREQ=DAILY;UNTIL=20250101'), {
    ok: true, parts: { freq: 'DAILY', until: { ms: Date.UTC(2025, 0, 1, 23, 59, 59, 999), floating: true } },
  })
})
