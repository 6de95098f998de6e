#!/usr/bin/env node
// Starts kinesis-mock (npm kinesis-local) on 127.0.0.1 only. kinesis-mock 0.6.2 hard-codes the host 0.0.0.0 in
// KinesisMockService.scala (there is no setting for it) and asks Node for a wildcard listen, so this launcher pins
// every server.listen of this process to 127.0.0.1 before loading it. Ports, certificate and everything else come
// from kinesis-mock's own environment variables (KINESIS_MOCK_PLAIN_PORT, KINESIS_MOCK_TLS_PORT,
// KINESIS_MOCK_CERT_PATH, ...). Started by io.kkbridge.testsupport.kinesis.KinesisEmulator.
'use strict'

const net = require('net')

const LOOPBACK = '127.0.0.1'
const listen = net.Server.prototype.listen

net.Server.prototype.listen = function(...args) {
  if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    // listen(port[, host][, backlog][, callback])
    const port = Number(args[0])
    const callback = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined
    return callback ? listen.call(this, port, LOOPBACK, callback) : listen.call(this, port, LOOPBACK)
  }
  if (args[0] !== null && typeof args[0] === 'object' && args[0].port !== undefined) {
    // listen(options[, callback])
    return listen.call(this, Object.assign({}, args[0], {host: LOOPBACK}), ...args.slice(1))
  }
  return listen.apply(this, args)
}

// kinesis-mock (cats-effect) replaces process.exit with a graceful shutdown that waits for open connections, which
// kept it alive for more than 10 s after SIGTERM in our tests. Its data lives in memory unless SHOULD_PERSIST_DATA
// is set, so a stop request ends the process at once through the exit captured here, before kinesis-mock loads.
const exitNow = process.exit.bind(process)
if (process.env.SHOULD_PERSIST_DATA !== 'true') {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, function() { exitNow(0) })
  }
}

require('kinesis-local/main.js')
