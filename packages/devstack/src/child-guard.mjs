// Ties a server process (redis-server, postgres) to the Node process that started it, even when
// that process is killed with SIGKILL, which no exit handler survives.
//
// The parent spawns this guard detached (its own process group, so a terminal's Ctrl+C reaches
// neither the guard nor the server) with an IPC channel. The guard starts the server as its own
// child and reports the server's pid. When the channel closes — because the parent called
// disconnect() to stop it, or because the parent died and the kernel closed its end — the guard
// sends the server its graceful stop signal, waits for it to exit, and exits with it.
// Plain JavaScript on purpose: it starts in ~40 ms with no loader.
//
//   node child-guard.mjs '{"stopSignal":"SIGTERM","uid":101,"gid":104}' <command> [args...]
import { spawn } from 'node:child_process';

const [optionsJson, command, ...args] = process.argv.slice(2);
if (!optionsJson || !command) {
  console.error('usage: node child-guard.mjs <options-json> <command> [args...]');
  process.exit(2);
}
/** @type {{ stopSignal: NodeJS.Signals, uid?: number, gid?: number }} */
const options = JSON.parse(optionsJson);
const server = spawn(command, args, { stdio: 'inherit', uid: options.uid, gid: options.gid });

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  if (server.exitCode === null && server.signalCode === null) server.kill(options.stopSignal);
};
process.on('disconnect', stop);
// Only a deliberate `kill <guard pid>` gets here (the terminal's signals go to another group).
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, stop);

server.once('spawn', () => {
  if (process.connected) process.send({ pid: server.pid });
});
server.once('error', (error) => {
  console.error(`could not start ${command}: ${error.message}`);
  process.exit(127);
});
server.once('exit', (code, signal) => {
  // Stopped on request: a clean exit. Otherwise pass on what happened to the server.
  process.exit(code ?? (stopping && signal === options.stopSignal ? 0 : 1));
});
