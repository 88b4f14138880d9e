/**
 * A latency-injecting TCP proxy for the WAN benchmark: each route listens on a loopback
 * address and forwards to one lab address, delaying every byte by half the round-trip
 * time in each direction (and the upstream connect by half of it, so the server's first
 * bytes arrive one RTT after the client connected). This kernel has no `netem`; this is
 * the same delay for every tool, the floors included.
 *
 * Safety and bounds: listens only on 127.0.0.0/8 and forwards only to 10.231.0.0/16
 * (anything else is refused at start); at most `maxConnections` connections at once
 * (more are closed at once); at most `MAX_QUEUED` bytes in flight per direction (the
 * sender is paused until the queue drains).
 *
 *   node bench/wan/proxy.ts <routes.json>   → prints "ready <n>" when every route listens
 */
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One forwarded port. */
export interface Route {
	/** Loopback address to listen on (127.0.0.0/8). */
	listenHost: string;
	/** Port to listen on. */
	listenPort: number;
	/** Lab address to forward to (10.231.0.0/16). */
	targetHost: string;
	/** Port to forward to. */
	targetPort: number;
}

/** The proxy's job file. */
export interface ProxyJob {
	/** Round-trip time to add, ms (half per direction). */
	rttMs: number;
	/** Connections open at once, at most. */
	maxConnections: number;
	/** Routes. */
	routes: Route[];
}

/** Bytes in flight per direction before the sender is paused. */
export const MAX_QUEUED = 1024 * 1024;

const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * Why a job is not allowed (listen outside loopback, target outside the lab, bad numbers), or undefined.
 *
 * @param job
 *   The job.
 * @returns
 *   The reason, or undefined.
 */
export function refuseJob(job: ProxyJob): string | undefined {
	if (!Number.isFinite(job.rttMs) || job.rttMs < 0 || job.rttMs > 2000) return `rttMs must be 0…2000, got ${job.rttMs}`;
	if (!Number.isInteger(job.maxConnections) || job.maxConnections < 1 || job.maxConnections > 8192) return `maxConnections must be 1…8192, got ${job.maxConnections}`;
	const octets = (a: string) => ipv4.exec(a)?.slice(1).map(Number).filter((n) => n <= 255);
	const port = (p: number) => Number.isInteger(p) && p >= 1 && p <= 65535;
	for (const r of job.routes) {
		const l = octets(r.listenHost);
		const t = octets(r.targetHost);
		if (l?.length !== 4 || l[0] !== 127) return `listen address ${r.listenHost} is not in 127.0.0.0/8: the proxy listens on loopback only`;
		if (t?.length !== 4 || t[0] !== 10 || t[1] !== 231) return `target ${r.targetHost} is not in 10.231.0.0/16: the proxy forwards to lab addresses only`;
		if (!port(r.listenPort) || !port(r.targetPort)) return `bad port in route ${r.listenHost}:${r.listenPort} → ${r.targetHost}:${r.targetPort}`;
	}
	return undefined;
}

/**
 * Copies `from` to `to`, each chunk `delayMs` after it arrived, order kept; `end` travels
 * with the same delay. Pauses `from` while more than `MAX_QUEUED` bytes wait.
 *
 * @param from
 *   Source socket.
 * @param to
 *   Destination socket (writes wait until it is connected).
 * @param delayMs
 *   One-way delay.
 * @param isReady
 *   Whether `to` is connected.
 * @returns
 *   A function that flushes again (call on connect).
 */
function delayedPipe(from: net.Socket, to: net.Socket, delayMs: number, isReady: () => boolean): () => void {
	const queue: { at: number; chunk: Buffer | null }[] = [];
	let queued = 0;
	let timer: NodeJS.Timeout | undefined;
	const flush = () => {
		timer = undefined;
		if (!isReady() || to.destroyed) return;
		const now = performance.now();
		while (queue.length && queue[0]!.at <= now + 0.5) {
			const { chunk } = queue.shift()!;
			if (chunk === null) { to.end(); return; }
			queued -= chunk.length;
			to.write(chunk);
		}
		if (from.isPaused() && queued < MAX_QUEUED / 2) from.resume();
		if (queue.length) timer = setTimeout(flush, Math.max(0, queue[0]!.at - performance.now()));
	};
	const push = (chunk: Buffer | null) => {
		queue.push({ at: performance.now() + delayMs, chunk });
		if (chunk) {
			queued += chunk.length;
			if (queued > MAX_QUEUED) from.pause();
		}
		if (!timer) timer = setTimeout(flush, delayMs);
	};
	from.on('data', (chunk: Buffer) => push(chunk));
	from.on('end', () => push(null));
	return () => { if (!timer) flush(); };
}

/**
 * Starts every route.
 *
 * @param job
 *   Routes, RTT, connection cap.
 * @returns
 *   The servers (close them to stop).
 */
export async function startProxy(job: ProxyJob): Promise<net.Server[]> {
	const why = refuseJob(job);
	if (why) throw new Error(why);
	const oneWay = job.rttMs / 2;
	let open = 0;
	const servers = job.routes.map((route) => net.createServer({ pauseOnConnect: false }, (client) => {
		if (open >= job.maxConnections) { client.destroy(); return; }
		open++;
		client.setNoDelay(true);
		const upstream = new net.Socket();
		let connected = false;
		let closed = false;
		const closeBoth = () => {
			if (closed) return;
			closed = true;
			open--;
			setTimeout(() => { client.destroy(); upstream.destroy(); }, oneWay);
		};
		const flushUp = delayedPipe(client, upstream, oneWay, () => connected);
		delayedPipe(upstream, client, oneWay, () => true);
		client.on('error', closeBoth).on('close', closeBoth);
		upstream.on('error', closeBoth).on('close', closeBoth);
		setTimeout(() => {
			if (closed) return;
			upstream.setNoDelay(true);
			upstream.connect({ host: route.targetHost, port: route.targetPort }, () => { connected = true; flushUp(); });
		}, oneWay);
	}));
	await Promise.all(servers.map((s, i) => new Promise<void>((resolve, reject) => {
		s.once('error', reject);
		s.listen({ host: job.routes[i]!.listenHost, port: job.routes[i]!.listenPort, backlog: 1024 }, () => resolve());
	})));
	return servers;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const job = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as ProxyJob;
	try {
		const servers = await startProxy(job);
		process.stdout.write(`ready ${servers.length}\n`);
		process.on('SIGTERM', () => process.exit(0));
	} catch (error) {
		process.stderr.write(`wan proxy: ${(error as Error).message}\n`);
		process.exit(3);
	}
}
