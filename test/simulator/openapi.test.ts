import swagger from '@fastify/swagger'
import Fastify from 'fastify'
import t from 'tap'
import { createSimulator } from '../../src/simulator/simulator.js'
import { silentLogger } from './fixtures/harness.js'

t.test('the control API is described in OpenAPI, strict bodies included', async (t) => {
  const app = Fastify()
  await app.register(swagger, { openapi: { info: { title: 'sim', version: '0' } } })
  const sim = createSimulator({ logger: silentLogger })
  await app.register(sim.plugin, { prefix: '/simulator' })
  t.teardown(() => app.close())
  await app.ready()
  const doc = app.swagger() as { paths: Record<string, Record<string, any>> }
  const body = (path: string) => doc.paths[path]!.put.requestBody.content['application/json'].schema
  const chaos = body('/simulator/chaos')
  t.same(Object.keys(chaos.properties).sort(), ['ambiguous_create', 'delay_ms', 'drop', 'duplicate', 'final_before_action', 'reorder', 'seed'])
  t.equal(chaos.additionalProperties, false)
  t.ok(doc.paths['/simulator/chaos']!.delete, 'DELETE /chaos')
  t.match(body('/simulator/numbers/{number}').properties, { error_code: Object, answered_by: Object, behavior: Object })
  t.equal(body('/simulator/numbers/{number}').additionalProperties, false)
  t.equal(body('/simulator/faults').additionalProperties, false)
  t.same(Object.keys(body('/simulator/limits').properties).sort(), ['calls_per_second', 'sms_segments_per_second'])
  const incoming = doc.paths['/simulator/numbers/{number}/sms']!.post
  t.same(Object.keys(incoming.requestBody.content['application/json'].schema.properties).sort(), ['body', 'to'])
  t.equal(incoming.requestBody.content['application/json'].schema.additionalProperties, false)
  t.match(incoming.responses['200'].content['application/json'].schema.properties, { opted_out: { type: 'boolean' }, twiml: Object, webhook: Object })
})
