import t from 'tap'
import { startSimulatorServer } from '../../src/simulator/standalone.js'
import { callForm, restClient, silentLogger, startTwimlApp } from './fixtures/harness.js'

t.test('the standalone server mounts the simulator at its root', async (t) => {
  const app = await startTwimlApp(t)
  app.route('/voice', '<Response><Say>Standalone</Say></Response>')
  const server = await startSimulatorServer({ port: 0, host: '127.0.0.1', logger: silentLogger, timeScale: 0.01 })
  t.teardown(() => server.close())
  t.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/)

  const created = await restClient(server.url).createCall(callForm(app, '+15558880001'))
  t.equal(created.status, 201)
  await server.simulator.state.callSettled(created.json.sid)
  const response = await fetch(`${server.url}/calls/${created.json.sid}`)
  const call = (await response.json()) as { status: string; transcript: Array<{ text?: string }> }
  t.equal(call.status, 'completed')
  t.equal(call.transcript[0]?.text, 'Standalone')
  t.ok(app.requests.every((r) => r.validSignature))
})

t.test('closing stops calls in flight without further callbacks', async (t) => {
  const app = await startTwimlApp(t)
  app.route('/voice', '<Response><Pause length="600"/></Response>')
  const server = await startSimulatorServer({ port: 0, logger: silentLogger, timeScale: 0.01 })
  const created = await restClient(server.url).createCall(callForm(app, '+15558880002'))
  await app.waitFor('/voice')
  // Requests already in flight are allowed to finish; close() resolves once they have.
  await server.close()
  const settled = app.requests.length
  t.equal(server.simulator.state.activeCalls(), 0)
  await new Promise((resolve) => setTimeout(resolve, 50))
  t.equal(app.requests.length, settled, 'nothing was sent after close')
  t.equal(server.simulator.state.call(created.json.sid)?.status, 'in-progress', 'the call is left as it was')
})
