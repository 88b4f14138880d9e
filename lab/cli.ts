#!/usr/bin/env node
// lab/cli.ts — the lab CLI: digital twins of the documented servers on this machine.
// Usage: npm run lab -- <up|down|status|exec|reset|drift|fleet> …   (see `npm run lab -- help`)
// Orchestrates the bash helpers in lab/ (lab/lab.sh <function>), writes the verifier's target
// (.lab/inventory.yaml, .lab/known_hosts) and keeps commands from running over each other (.lab/lock).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../lib/fsutil.ts';
import { renderInventory, renderSshConfig, type InventoryHost } from './inventory.ts';

const LAB_ROOT = dirname(fileURLToPath(import.meta.url));
const REPO = dirname(LAB_ROOT);
/**
 * Folders a twin replaces with its own (tmpfs /tmp and /run, overlays of /etc and /var, binds over
 * /root, /home, /opt, /srv): lab state under them would be invisible inside the twins.
 */
const HIDDEN_IN_TWINS = ['/tmp', '/run', '/etc', '/var', '/root', '/home', '/opt', '/srv'];

/**
 * The lab's state folder: `LAB_DIR`, else `<repo>/.lab`. When the checkout itself sits under a
 * folder the twins hide (a clone in /tmp or /root, say), the state lives in
 * /mnt/verified-runbooks-lab/<hash of the checkout path> and `<repo>/.lab` is a symlink to it.
 */
function resolveLabDir(): string {
  if (process.env.LAB_DIR) return process.env.LAB_DIR;
  const inRepo = join(REPO, '.lab');
  if (process.getuid?.() !== 0) return inRepo; // every command refuses to run anyway; touch nothing
  const real = realpathSync(REPO);
  if (!HIDDEN_IN_TWINS.some((p) => real === p || real.startsWith(`${p}/`))) return inRepo;
  const outside = join('/mnt', 'verified-runbooks-lab', createHash('sha256').update(real).digest('hex').slice(0, 12));
  mkdirSync(outside, { recursive: true });
  if (!existsSync(inRepo)) symlinkSync(outside, inRepo);
  return realpathSync(inRepo);
}
const LAB_DIR = resolveLabDir();
const LAB_SH = join(LAB_ROOT, 'lab.sh');

const USAGE = `usage: npm run lab -- <command>
  up                         bring all twins up (idempotent); writes .lab/inventory.yaml + .lab/known_hosts
  down                       stop everything (twins, fleet) and remove every trace (netns, routes, mounts, cgroups)
  status                     JSON: [{id, address, port, user, jump, state}]
  exec <host> -- <cmd…>      run a command as root inside a twin (exit code passed through)
  reset <host>               recreate one twin from scratch (and the hosts behind it, if it is a jump host)
  drift list                 the named drift scenarios
  drift apply|revert <name>  inject / undo a drift scenario
  fleet up <N>               N small sshd-only hosts (fleet-01…) in .lab/fleet-inventory.yaml
  fleet down                 remove the fleet
  fleet fault <id> down|slow|rekey|ok   break one fleet host (ok = repair)
  traces                     list what the lab left outside .lab (empty = clean)`;

/** One twin of the registry (lab.sh twins_json). */
interface Twin extends InventoryHost {
  /** catatonit | systemd. */
  kind: string;
  /** The documented hostname. */
  hostname: string;
  /** SSH port. */
  port: number;
  /** `twin` (a documented server) or `workstation` (the developer laptop dev-ws: never in the verifier's inventory). */
  role: 'twin' | 'workstation';
}

/** The workstation's login user (the runbook runner's `dev@local` sessions). */
const WORKSTATION_USER = 'dev';

/** The release function of the lab lock; `waited` = seconds spent waiting for another command. */
type Release = (() => void) & { waited: number };

/** Error with a process exit code; its message says what is wrong and what to do. */
class LabError extends Error {
  /** Process exit code (1 failure, 2 usage, 3 not root). */
  code: number;
  constructor(message: string, code = 1) {
    super(message);
    this.code = code;
  }
}

/** Seconds since `t0` (a performance.now() value), one decimal. */
function secondsSince(t0: number): string {
  return ((performance.now() - t0) / 1000).toFixed(1);
}

/** " (after waiting N s for another lab command)" when the lock was contended, else "". */
function waitNote(release: Release): string {
  return release.waited >= 0.5 ? ` (after waiting ${release.waited.toFixed(1)} s for another lab command)` : '';
}

/** Runs `lab.sh <fn> …args` synchronously; returns stdout. Logs (stderr) go to our stderr. Throws on failure. */
function bash(fn: string, args: string[] = [], { input, quiet = false }: { input?: string; quiet?: boolean } = {}): string {
  const r = spawnSync('bash', [LAB_SH, fn, ...args], {
    env: { ...process.env, LAB_DIR, LAB_NODE: process.execPath },
    encoding: 'utf8',
    input,
    stdio: ['pipe', 'pipe', quiet ? 'pipe' : 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw new LabError(`could not run bash: ${r.error.message}`);
  if (r.status !== 0) throw new LabError(`lab step '${fn} ${args.join(' ')}' failed (exit ${r.status}); see the messages above`);
  return r.stdout;
}

/** Runs `lab.sh <fn> …args` asynchronously (logs to our stderr); resolves to the exit code. */
function bashAsync(fn: string, args: string[] = []): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('bash', [LAB_SH, fn, ...args], { env: { ...process.env, LAB_DIR, LAB_NODE: process.execPath }, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** The twin registry from lab/twins/*.sh: [{id, kind, address, port, jump, hostname, domains}]. */
function twins(): Twin[] {
  return JSON.parse(bash('twins_json', [], { quiet: true })) as Twin[];
}

/** Exclusive lock on the lab (a directory .lab/lock holding the owner pid); stale locks are taken over.
 * Returns the release function; its `waited` property is the time (s) spent waiting for another command. */
function acquireLock(what: string): Release {
  mkdirSync(LAB_DIR, { recursive: true });
  const lock = join(LAB_DIR, 'lock');
  const started = Date.now();
  const deadline = started + 600_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'owner'), `${process.pid} ${what}\n`);
      const release: Release = Object.assign(() => rmSync(lock, { recursive: true, force: true }), { waited: (Date.now() - started) / 1000 });
      process.on('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let owner = '';
      try {
        owner = readFileSync(join(lock, 'owner'), 'utf8').trim();
      } catch {
        /* being created or removed right now */
      }
      const pid = Number(owner.split(' ')[0]);
      const alive = pid > 0 && existsSync(`/proc/${pid}`);
      if (owner && !alive) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new LabError(`another lab command holds ${lock} (${owner || 'unknown'}); wait for it or remove the directory if that process is gone`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
}

/** Collects the twins' known_hosts lines and writes .lab/known_hosts, inventory.yaml and ssh_config. */
function writeTarget(list: Twin[]): void {
  const lines: string[] = [];
  for (const t of list) {
    const f = join(LAB_DIR, 'hosts', t.id, 'known_hosts');
    if (!existsSync(f)) throw new LabError(`twin ${t.id} has no host keys (${f} missing): run 'npm run lab -- reset ${t.id}'`);
    lines.push(readFileSync(f, 'utf8').trim());
  }
  writeFileAtomic(join(LAB_DIR, 'known_hosts'), `${lines.join('\n')}\n`);
  const servers = list.filter((t) => t.role !== 'workstation');
  const workstations = list.filter((t) => t.role === 'workstation');
  writeFileAtomic(join(LAB_DIR, 'ssh_config'), renderSshConfig(list.map((t) => (t.role === 'workstation' ? { ...t, user: WORKSTATION_USER } : t)), { labDir: LAB_DIR, knownHosts: 'known_hosts' }));
  const dns = existsSync(join(LAB_DIR, 'dns', 'server.pid')) ? { resolver: '10.231.53.2:53' } : {};
  // the verifier's target holds the documented servers only; the workstation has its own file, read by the runbook runner
  writeFileAtomic(join(LAB_DIR, 'inventory.yaml'), renderInventory(servers, { knownHosts: 'known_hosts', ...dns }));
  if (workstations.length) writeFileAtomic(join(LAB_DIR, 'workstation.yaml'), renderInventory(workstations, { knownHosts: 'known_hosts', user: WORKSTATION_USER, generatedBy: 'npm run lab -- up (the workstation twin, read by npm run runbooks)' }));
  else rmSync(join(LAB_DIR, 'workstation.yaml'), { force: true });
}

/** Removes the verifier target files (so nobody mistakes a stopped lab for a running one). */
function removeTarget(): void {
  for (const f of ['inventory.yaml', 'workstation.yaml', 'known_hosts', 'ssh_config']) rmSync(join(LAB_DIR, f), { force: true });
}

/** Groups twins into lanes that can start in parallel: a twin behind a jump host joins its jump host's lane. */
function lanes(list: Twin[]): string[][] {
  const byId = new Map(list.map((t) => [t.id, t]));
  const root = (t: Twin): string => {
    const j = t.jump ? byId.get(t.jump) : undefined;
    return j ? root(j) : t.id;
  };
  const out = new Map<string, string[]>();
  for (const t of list) {
    const r = root(t);
    const lane = out.get(r) ?? [];
    lane.push(t.id);
    out.set(r, lane);
  }
  return [...out.values()];
}

/** `up`: safety routes + shared material, then all twins (parallel lanes), then the verifier target. */
async function up(): Promise<void> {
  const release = acquireLock('up');
  const t0 = performance.now();
  const list = twins();
  bash('lab_prepare');
  const results = await Promise.all(
    lanes(list).map(async (lane) => {
      for (const id of lane) {
        const code = await bashAsync('twin_up', [id]);
        if (code !== 0) return `${id} (exit ${code})`;
      }
      return null;
    }),
  );
  const failed = results.filter(Boolean);
  if (failed.length) throw new LabError(`twins failed to start: ${failed.join(', ')}. Fix the error above, then 'npm run lab -- up' again (or 'down' to clean up)`);
  bash('dns_up');
  writeTarget(list);
  release();
  const servers = list.filter((t) => t.role !== 'workstation');
  const ws = list.filter((t) => t.role === 'workstation').map((t) => ` and the workstation ${t.id}`).join('');
  console.log(`lab up: ${servers.length} twins (${servers.map((t) => t.id).join(', ')})${ws} in ${secondsSince(t0)} s${waitNote(release)}; target ${join(LAB_DIR, 'inventory.yaml')}`);
}

/** `down`: fleet, then twins (hosts behind jump hosts first), then routes and /run leftovers; verifies nothing is left. */
async function down(): Promise<void> {
  const release = acquireLock('down');
  const t0 = performance.now();
  const list = twins();
  removeTarget();
  bash('fleet_down');
  const order = lanes(list).map((lane) => [...lane].reverse());
  await Promise.all(order.map(async (lane) => { for (const id of lane) await bashAsync('twin_down', [id]); }));
  bash('lab_down_global');
  const traces = bash('lab_traces', [], { quiet: true }).trim();
  release();
  if (traces) throw new LabError(`lab down left traces behind:\n${traces}\nRun 'npm run lab -- down' again; if they stay, remove them by hand`);
  console.log(`lab down: everything removed in ${secondsSince(t0)} s${waitNote(release)}`);
}

/** `status`: JSON array of the twins and their state. */
function status(): void {
  const states = JSON.parse(bash('twins_states_json', [], { quiet: true })) as Record<string, string>;
  const out = twins().map((t) => ({ id: t.id, address: t.address, port: t.port, user: t.role === 'workstation' ? WORKSTATION_USER : 'verifier', jump: t.jump ?? null, state: states[t.id] ?? 'down' }));
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

/** `exec <host> -- <cmd…>`: run inside a twin (or fleet host); exit code passed through. */
function exec(args: string[]): void {
  const [host, ...rest] = args;
  const cmd = rest[0] === '--' ? rest.slice(1) : rest;
  if (!host || cmd.length === 0) throw new LabError('usage: npm run lab -- exec <host> -- <command…>', 2);
  const r = spawnSync('bash', [LAB_SH, 'host_exec', host, '--', ...cmd], { env: { ...process.env, LAB_DIR, LAB_NODE: process.execPath }, stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
}

/** `reset <host>`: recreate one twin (and the twins behind it when it is a jump host). */
function reset(args: string[]): void {
  const [host] = args;
  const list = twins();
  if (!host || !list.some((t) => t.id === host)) throw new LabError(`usage: npm run lab -- reset <host>; hosts: ${list.map((t) => t.id).join(', ')}`, 2);
  const release = acquireLock(`reset ${host}`);
  const t0 = performance.now();
  bash('lab_prepare_again');
  const behind = list.filter((t) => t.jump === host).map((t) => t.id);
  for (const id of [...behind, host]) bash('twin_down', [id]);
  for (const id of [host, ...behind]) bash('twin_up', [id]);
  const states = JSON.parse(bash('twins_states_json', [], { quiet: true })) as Record<string, string>;
  if (list.every((t) => states[t.id] === 'up')) writeTarget(list);
  else console.error(`lab: not every twin is up (${JSON.stringify(states)}); inventory not rewritten — run 'npm run lab -- up'`);
  release();
  console.log(`lab reset: ${[host, ...behind].join(', ')} recreated in ${secondsSince(t0)} s`);
}

/** `drift list|apply|revert <name>`. */
function drift(args: string[]): void {
  const [action, name] = args;
  if (action === 'list') {
    process.stdout.write(bash('drift_list', [], { quiet: true }));
    return;
  }
  if (!action || !['apply', 'revert'].includes(action) || !name) throw new LabError('usage: npm run lab -- drift list | drift apply <scenario> | drift revert <scenario>', 2);
  const release = acquireLock(`drift ${action} ${name}`);
  bash(`drift_${action}`, [name]);
  release();
  console.log(`drift ${action} ${name}: done`);
}

/** `fleet up <N> | down | fault <id> <kind>`. */
function fleet(args: string[]): void {
  const [action, ...rest] = args;
  const t0 = performance.now();
  if (action === 'up') {
    const n = Number(rest[0]);
    if (!Number.isInteger(n) || n < 1 || n > 500) throw new LabError('usage: npm run lab -- fleet up <N>   (1 ≤ N ≤ 500)', 2);
    const release = acquireLock('fleet up');
    bash('lab_prepare_fleet');
    bash('fleet_up', [String(n)]);
    release();
    console.log(`fleet up: ${n} hosts in ${secondsSince(t0)} s; target ${join(LAB_DIR, 'fleet-inventory.yaml')}`);
  } else if (action === 'down') {
    const release = acquireLock('fleet down');
    bash('fleet_down');
    release();
    console.log(`fleet down in ${secondsSince(t0)} s`);
  } else if (action === 'fault') {
    const [id, kind] = rest;
    if (!id || !kind || !['down', 'slow', 'rekey', 'ok'].includes(kind)) throw new LabError('usage: npm run lab -- fleet fault <fleet-NN> down|slow|rekey|ok', 2);
    bash('fleet_fault', [id, kind]);
    console.log(`fleet fault ${id} ${kind}: done`);
  } else {
    throw new LabError('usage: npm run lab -- fleet up <N> | fleet down | fleet fault <id> down|slow|rekey|ok', 2);
  }
}

/** Entry point: dispatch, root check, error reporting (exit codes: 1 failure, 2 usage, 3 not root). */
async function main(argv: string[]): Promise<void> {
  const [cmd, ...args] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    console.log(USAGE);
    return;
  }
  if (process.getuid?.() !== 0) {
    throw new LabError(`lab: '${cmd}' needs root (network namespaces, mounts, routes). Run it as root, e.g. 'sudo npm run lab -- ${cmd}'.`, 3);
  }
  mkdirSync(LAB_DIR, { recursive: true });
  switch (cmd) {
    case 'up': return up();
    case 'down': return down();
    case 'status': return status();
    case 'exec': return exec(args);
    case 'reset': return reset(args);
    case 'drift': return drift(args);
    case 'fleet': return fleet(args);
    case 'traces': process.stdout.write(bash('lab_traces', [], { quiet: true })); return;
    default: throw new LabError(`unknown command '${cmd}'\n${USAGE}`, 2);
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof LabError) {
    console.error(e.message.startsWith('lab') ? e.message : `lab: ${e.message}`);
    process.exit(e.code);
  }
  console.error(e);
  process.exit(1);
});

