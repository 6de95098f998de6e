#!/usr/bin/env node
// Starts kinesalite through its API on 127.0.0.1 only (its cli.js listens on every interface) over plain http
// (its bundled TLS certificate expired in 2018). Started by io.kkbridge.testsupport.kinesis.KinesisEmulator.
//
// Usage: node kinesalite-loopback.js --port <port> [--shardLimit <n>] [--createStreamMs <ms>]
//                                    [--deleteStreamMs <ms>] [--updateStreamMs <ms>]
'use strict'

const kinesalite = require('kinesalite')

const options = {shardLimit: 1000}
const args = process.argv.slice(2)
for (let i = 0; i < args.length; i += 2) {
  const name = args[i].replace(/^--/, '')
  const value = Number(args[i + 1])
  if (!['port', 'shardLimit', 'createStreamMs', 'deleteStreamMs', 'updateStreamMs'].includes(name) ||
      !Number.isInteger(value) || value < 0) {
    console.error('Bad option: ' + args[i] + ' ' + args[i + 1])
    process.exit(2)
  }
  options[name] = value
}
if (options.port == null) {
  console.error('--port is required')
  process.exit(2)
}

const server = kinesalite(options)

// kinesalite's request handler rethrows request stream errors ("req.on('error', err => { throw err })"), so a
// client that aborts a request mid-flight (an SDK timeout, a killed test JVM) takes the whole emulator down.
// Registered after kinesalite's own listener, this replaces that handler with one that only logs.
server.on('request', function(req) {
  req.removeAllListeners('error')
  req.on('error', function(err) {
    console.error('Request ' + req.method + ' ' + req.url + ' failed, ignored: ' + err.message)
  })
})

server.listen(options.port, '127.0.0.1', function() {
  const address = server.address()
  console.log('Listening at http://%s:%s (shardLimit %d)', address.address, address.port, options.shardLimit)
})

// The store is in memory: there is nothing to flush, so a stop request ends the process at once.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, function() { process.exit(0) })
}
