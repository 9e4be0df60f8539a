// A Bluesky PDS with its own PLC directory, both on 127.0.0.1, for the cross-posting tests.
// Usage: PDS_PORT=... PLC_PORT=... PDS_DATA_DIRECTORY=... node serve.js  (prints READY when up)
const net = require('net')
const crypto = require('crypto')

// Both servers call listen(port) without a host, which binds every interface: bind loopback only.
const listen = net.Server.prototype.listen
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1')
  else if (args[0] && typeof args[0] === 'object' && args[0].port !== undefined && !args[0].host)
    args[0] = { ...args[0], host: '127.0.0.1' }
  return listen.apply(this, args)
}

const { PlcServer, Database } = require('@did-plc/server')
const { PDS, envToCfg, envToSecrets, readEnv } = require('@atproto/pds')

async function main() {
  const plcPort = Number(process.env.PLC_PORT)
  const dataDir = process.env.PDS_DATA_DIRECTORY
  const plc = PlcServer.create({ db: Database.mock(), port: plcPort })
  await plc.start()
  Object.assign(process.env, {
    PDS_HOSTNAME: 'localhost',
    PDS_DEV_MODE: 'true',
    PDS_DID_PLC_URL: `http://127.0.0.1:${plcPort}`,
    PDS_BLOBSTORE_DISK_LOCATION: `${dataDir}/blobs`,
    PDS_JWT_SECRET: crypto.randomBytes(16).toString('hex'),
    PDS_ADMIN_PASSWORD: process.env.PDS_ADMIN_PASSWORD || 'admin-pass',
    PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX: crypto.randomBytes(32).toString('hex'),
    PDS_SERVICE_HANDLE_DOMAINS: '.test',
    PDS_INVITE_REQUIRED: 'false',
    PDS_RATE_LIMITS_ENABLED: 'false',
    PDS_CRAWLERS: '',
    LOG_ENABLED: 'false',
  })
  const env = readEnv()
  const pds = await PDS.create(envToCfg(env), envToSecrets(env))
  await pds.start()
  process.stdout.write('READY\n')
  const stop = async () => {
    await pds.destroy()
    await plc.destroy()
    process.exit(0)
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`)
  process.exit(1)
})
