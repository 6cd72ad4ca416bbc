// How an inbound text is read (src/dialer/sms-keywords.ts): the whole trimmed message, case-insensitive, one word.
import t from 'tap'
import { ALARM_RESULT } from '../../src/codes/alarm-result.js'
import { HELP_KEYWORDS, OPT_IN_KEYWORDS, OPT_OUT_KEYWORDS, readInboundText } from '../../src/dialer/sms-keywords.js'

t.test('the carrier\'s keyword sets', async (t) => {
  t.same([...OPT_OUT_KEYWORDS], ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'])
  t.same([...OPT_IN_KEYWORDS], ['START', 'UNSTOP', 'YES'])
  t.same([...HELP_KEYWORDS], ['HELP', 'INFO'])
  for (const word of OPT_OUT_KEYWORDS) {
    t.same(readInboundText(word.toLowerCase()), { kind: 'opt-out', keyword: word })
    t.same(readInboundText(`  ${word}\n`), { kind: 'opt-out', keyword: word })
  }
  for (const word of OPT_IN_KEYWORDS) t.same(readInboundText(` ${word.toLowerCase()} `), { kind: 'opt-in', keyword: word })
  for (const word of HELP_KEYWORDS) t.same(readInboundText(word[0] + word.slice(1).toLowerCase()), { kind: 'help', keyword: word })
})

t.test('only the whole message counts', async (t) => {
  for (const body of ['stop calling me', 'STOP PLEASE', 'please stop', 'st op', 'stopp', 'yes please', 'help me', '', '   ', '12', 'C R']) {
    t.same(readInboundText(body), { kind: 'other' }, JSON.stringify(body))
  }
})

t.test('reminder answers: 1 / C confirm, 2 cancels, 3 / R reschedule; never the word CANCEL', async (t) => {
  t.same(readInboundText('1'), { kind: 'answer', keyword: '1', result: ALARM_RESULT.confirmed })
  t.same(readInboundText(' c '), { kind: 'answer', keyword: 'C', result: ALARM_RESULT.confirmed })
  t.same(readInboundText('2'), { kind: 'answer', keyword: '2', result: ALARM_RESULT.cancelled })
  t.same(readInboundText('3'), { kind: 'answer', keyword: '3', result: ALARM_RESULT.rescheduled })
  t.same(readInboundText('r'), { kind: 'answer', keyword: 'R', result: ALARM_RESULT.rescheduled })
  t.same(readInboundText('Cancel'), { kind: 'opt-out', keyword: 'CANCEL' }, 'CANCEL is an opt-out word')
  for (const body of ['0', '4', '9', 'X', 'CONSTRUCTOR', 'constructor', '__proto__', 'toString']) t.same(readInboundText(body), { kind: 'other' }, body)
})
