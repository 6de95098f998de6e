#!/usr/bin/env node
// Installs this folder's npm packages exactly as package-lock.json pins them (npm ci), unless node_modules already
// holds that very lockfile's install. Run by the test-support Maven build (exec-maven-plugin, generate-resources).
//
// The marker is a copy of the lockfile written after a successful install, so editing package-lock.json (or
// deleting node_modules) triggers a fresh npm ci. Install scripts are skipped: kinesalite runs in memory (memdown),
// so leveldown's native build is never needed, and kinesis-local is a single JavaScript file.
'use strict'

const fs = require('fs')
const path = require('path')
const {spawnSync} = require('child_process')

const here = __dirname
const lockFile = path.join(here, 'package-lock.json')
const marker = path.join(here, 'node_modules', '.kkbridge-installed-package-lock.json')

const lock = fs.readFileSync(lockFile, 'utf8')
if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === lock) {
  console.log('Emulator packages are up to date in ' + path.join(here, 'node_modules'))
  process.exit(0)
}

console.log('Installing emulator packages in ' + here + ' (npm ci)')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const result = spawnSync(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], {
  cwd: here,
  stdio: 'inherit',
  shell: process.platform === 'win32',
})
if (result.error) {
  console.error('Could not run npm: ' + result.error.message)
  process.exit(1)
}
if (result.status !== 0) {
  process.exit(result.status == null ? 1 : result.status)
}
fs.writeFileSync(marker, lock)
