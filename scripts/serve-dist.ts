/**
 * A tiny static file server for a built site (dist/) on 127.0.0.1, used by the PDF
 * export and the browser tests. No dependency, no directory listing, no path
 * escapes outside the root.
 *   node scripts/serve-dist.ts [dir=dist] [port=4401]
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
	'.jpg': 'image/jpeg', '.webp': 'image/webp', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.wasm': 'application/wasm',
	'.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8', '.pdf': 'application/pdf',
	'.pf_meta': 'application/octet-stream', '.pf_fragment': 'application/octet-stream', '.pf_index': 'application/octet-stream',
};

/** A running server. */
export interface DistServer {
	/** Base URL without trailing slash, e.g. `http://127.0.0.1:40123`. */
	url: string;
	/** Stops the server. */
	close(): Promise<void>;
}

/** Options of the server. */
export interface ServeOptions {
	/** Rewrites an HTML page before it is served (e.g. the PDF export's print page); gets the URL path and the page. */
	rewriteHtml?: (path: string, html: string) => string;
}

/**
 * Serves a folder on 127.0.0.1.
 * @param dir
 *   The built site.
 * @param port
 *   Port; `0` picks a free one. @default 0
 * @param options
 *   See `ServeOptions`.
 */
export async function serveDist(dir: string, port = 0, options: ServeOptions = {}): Promise<DistServer> {
	const root = resolve(dir);
	try {
		await stat(join(root, 'index.html'));
	} catch {
		throw new Error(`No built site in ${root} (index.html missing). Run "npm run build" first.`);
	}
	const server: Server = createServer((req, res) => void serve(req, res));
	async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
		let file = resolve(root, '.' + path);
		if (file !== root && !file.startsWith(root + sep)) {
			res.writeHead(403).end('forbidden');
			return;
		}
		try {
			if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
			const body = await readFile(file);
			const rewritten = options.rewriteHtml && extname(file) === '.html' ? options.rewriteHtml(path, body.toString('utf8')) : body;
			res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(rewritten);
		} catch {
			const notFound = await readFile(join(root, '404.html')).catch(() => Buffer.from('not found'));
			res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end(notFound);
		}
	}
	await new Promise<void>((ok, fail) => {
		server.once('error', fail);
		server.listen(port, '127.0.0.1', () => ok());
	});
	const { port: actual } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${actual}`,
		close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
	};
}

if (import.meta.main) {
	const [dir = 'dist', port = '4401'] = process.argv.slice(2);
	const s = await serveDist(dir, Number(port));
	console.log(`serving ${resolve(dir)} at ${s.url}/de/ (Ctrl+C stops)`);
}
