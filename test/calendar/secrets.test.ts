import t from 'tap'
import { decryptSecret, encryptSecret } from '../../src/kit/secrets.js'

const KEY = 'test-secret-key-0123456789'

t.test('round trip; a fresh IV every time', async (t) => {
  const a = encryptSecret(KEY, 'auth-token-123')
  const b = encryptSecret(KEY, 'auth-token-123')
  t.not(a, b, 'same plaintext, different ciphertexts')
  t.notMatch(a, /auth-token/)
  t.match(a, /^v1\.[\w-]+\.[\w-]+\.[\w-]+$/)
  t.equal(decryptSecret(KEY, a), 'auth-token-123')
  t.equal(decryptSecret(KEY, encryptSecret(KEY, '')), '')
  t.equal(decryptSecret(KEY, encryptSecret(KEY, 'ünïcødé ✓')), 'ünïcødé ✓')
})

t.test('the wrong key or altered data does not decrypt', async (t) => {
  const stored = encryptSecret(KEY, 'secret')
  t.throws(() => decryptSecret('another-secret-key-000000', stored), /wrong key or altered/)
  const parts = stored.split('.')
  const data = Buffer.from(parts[2]!, 'base64url')
  data[0] = data[0]! ^ 1
  t.throws(() => decryptSecret(KEY, [parts[0], parts[1], data.toString('base64url'), parts[3]].join('.')), /wrong key or altered/)
  t.throws(() => decryptSecret(KEY, 'plaintext'), /not an encrypted secret/)
  t.throws(() => decryptSecret(KEY, 'v1.AAAA.AAAA.AAAA'), /malformed/)
})
