// Child processes of `npm start`: the build, then the two servers. Every child is tracked so that
// Ctrl-C, SIGTERM or the death of one server stops all of them.
import { spawn } from 'node:child_process';
import readline from 'node:readline';

const STOP_GRACE_MS = 10_000;
const COLORS = { api: 35, web: 36 };

/**
 * Children still alive, each with the promise of its exit.
 * @type {Map<import('node:child_process').ChildProcess, Promise<unknown>>}
 */
const running = new Map();

/**
 * @param {import('node:child_process').ChildProcess} child
 * @returns {Promise<{ code: number | null, signal: NodeJS.Signals | null }>}
 */
function track(child) {
  const exited = new Promise((resolve) => {
    // 'error' covers a command that could not be started at all (e.g. npx missing).
    child.once('error', (error) => {
      console.error(error.message);
      running.delete(child);
      resolve({ code: 1, signal: null });
    });
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  running.set(child, exited);
  return exited;
}

/** Runs a command in the foreground (sharing our terminal) and resolves with its exit code. */
export async function runCommand(command, args, options) {
  const { code } = await track(spawn(command, args, { ...options, stdio: 'inherit' }));
  return code ?? 1;
}

/**
 * Starts a long-running node program whose output is forwarded line by line behind `[name]`.
 * @param {'api' | 'web'} name
 * @param {string} script absolute path of the program
 * @param {NodeJS.ProcessEnv} env
 */
export function startService(name, script, env) {
  const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const label = process.stdout.isTTY ? `\x1b[${COLORS[name]}m[${name}]\x1b[0m` : `[${name}]`;
  forwardLines(child.stdout, process.stdout, label);
  forwardLines(child.stderr, process.stderr, label);
  return { name, exited: track(child) };
}

function forwardLines(from, to, label) {
  readline.createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => {
    to.write(`${label} ${line}\n`);
  });
}

/** Asks every running child to stop, then kills the ones still alive after a grace period. */
export async function stopAll() {
  const exits = [...running.values()];
  for (const child of running.keys()) child.kill('SIGTERM');
  const timer = setTimeout(() => {
    for (const child of running.keys()) child.kill('SIGKILL');
  }, STOP_GRACE_MS);
  await Promise.all(exits);
  clearTimeout(timer);
}

// Last resort if this script itself crashes: never leave servers holding the ports.
process.on('exit', () => {
  for (const child of running.keys()) child.kill('SIGKILL');
});
