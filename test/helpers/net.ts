/** Network helpers for tests that start their own servers on 127.0.0.1. */
import net from 'node:net';

/**
 * Waits until something accepts TCP on 127.0.0.1:`port`.
 * @param port
 *   The port.
 * @param ms
 *   How long to wait before failing.
 */
export async function waitForPort(port: number, ms = 10_000): Promise<void> {
	const until = Date.now() + ms;
	while (Date.now() < until) {
		const ok = await new Promise<boolean>((resolve) => {
			const s = net.connect(port, '127.0.0.1', () => {
				s.destroy();
				resolve(true);
			});
			s.on('error', () => resolve(false));
		});
		if (ok) return;
		await new Promise((r) => setTimeout(r, 50));
	}
	throw new Error(`nothing listens on 127.0.0.1:${port} after ${ms} ms`);
}
