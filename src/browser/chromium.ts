/**
 * Launch options for Debian's Chromium, shared by build-time Mermaid rendering,
 * the PDF export and the browser tests. No browser is ever downloaded.
 */
import { chromium, type Browser } from 'playwright-core';

/** Where Chromium lives. Override with `CHROMIUM_PATH`. @default /usr/bin/chromium */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep Chromium off the network and working as root. */
export const chromiumLaunchOptions = {
	executablePath: chromiumPath,
	args: [
		'--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
		'--disable-background-networking', '--disable-component-update', '--disable-sync',
	],
};

/** Starts Chromium, with an error that says how to install it when it is missing. */
export async function launchChromium(): Promise<Browser> {
	try {
		return await chromium.launch(chromiumLaunchOptions);
	} catch (cause) {
		throw new Error(`Could not start Chromium at ${chromiumPath}. Install Debian's chromium (npm run setup does) or set CHROMIUM_PATH.`, { cause });
	}
}
