/**
 * Browser helpers for the e2e tests: Debian Chromium via playwright-core (skip
 * loudly when it is missing), a served dist/, and page loads that wait for the
 * parser, collecting console errors.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, launchChromium } from '../../../src/browser/chromium.ts';
import { serveDist, type DistServer } from '../../../scripts/serve-dist.ts';

/** Whether Debian Chromium is installed. Prints why tests are skipped when not. */
export const hasChromium = existsSync(chromiumPath);

/** Where the e2e tests write the screenshots a reader looks at (ignored by Git: a test run leaves the checkout clean). */
export const SCREENSHOTS_DIR = join(import.meta.dirname, '..', '..', '..', 'reports', 'screenshots');
if (!hasChromium) console.warn(`\n!!! e2e browser tests SKIPPED: no Chromium at ${chromiumPath} (npm run setup installs it, or set CHROMIUM_PATH)\n`);

/** A browser and a served site. */
export interface Session {
	browser: Browser;
	server: DistServer;
	/** Console errors and page errors seen, per URL. */
	errors: string[];
	/** Opens a page (light colour scheme unless given), waits until parsed. */
	open(path: string, opts?: { colorScheme?: 'light' | 'dark'; width?: number }): Promise<Page>;
	/** Navigates an open page (cheaper than a new one), waits until parsed. */
	visit(page: Page, path: string): Promise<Page>;
	close(): Promise<void>;
}

/**
 * Starts Chromium and serves a built site.
 * @param dist
 *   The built site.
 */
export async function startSession(dist: string): Promise<Session> {
	const server = await serveDist(dist);
	const browser = await launchChromium();
	const errors: string[] = [];
	const session: Session = {
		browser, server, errors,
		async open(path, opts = {}) {
			const page = await browser.newPage({ colorScheme: opts.colorScheme ?? 'light', viewport: { width: opts.width ?? 1280, height: 900 } });
			const where = () => new URL(page.url()).pathname;
			page.on('console', (m) => {
				// the lab twins add and remove network interfaces on this machine; Chromium then
				// aborts requests in flight with ERR_NETWORK_CHANGED: the machine's noise, not the site's
				if (m.type() === 'error' && !m.text().includes('net::ERR_NETWORK_CHANGED')) errors.push(`${where()}: ${m.text()} ${m.location().url ?? ''}`);
			});
			page.on('pageerror', (e) => errors.push(`${where()}: ${e.message}`));
			page.on('response', (r) => { if (r.status() >= 400) errors.push(`${where()}: HTTP ${r.status()} for ${r.url()}`); });
			return this.visit(page, path);
		},
		async visit(page, path) {
			await page.goto(server.url + path, { waitUntil: 'load' });
			await page.waitForFunction(() => document.readyState === 'complete');
			return page;
		},
		async close() {
			await browser.close();
			await server.close();
		},
	};
	return session;
}
