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

/**
 * Features Playwright turns off in every Chromium it starts (playwright-core's
 * chromiumSwitches.ts, version 1.65), as far as they apply to Chromium on Linux.
 * Chromium reads only the last `--disable-features` flag, so a caller that turns off
 * more features repeats these (see `disabledFeaturesFlag`).
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
	'AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsUpgrades', 'HttpsFirstBalancedModeAutoEnable',
	'LensOverlay', 'MediaRouter', 'PaintHolding', 'ThirdPartyStoragePartitioning', 'AvoidCorsURLLoaderRestartOnRedirect',
	'OptimizationHints', 'NetworkTimeServiceQuerying', 'AimEnabled', 'PreconnectToSearch',
] as const;

/**
 * The omnibox popup, which Chromium 156 builds at start-up as a WebUI page in a
 * renderer of its own (`--top-chrome-webui`), even headless: about 2 s of CPU in the
 * first seconds after launch, taken from the page being loaded on a 2-core machine.
 * Both features must be off for that renderer not to start.
 */
export const OMNIBOX_WEBUI_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'] as const;

/**
 * One `--disable-features` flag with Playwright's features and `more`.
 * @param more
 *   Further features to turn off.
 */
export function disabledFeaturesFlag(more: readonly string[]): string {
	return `--disable-features=${[...new Set([...PLAYWRIGHT_DISABLED_FEATURES, ...more])].join(',')}`;
}

/**
 * Starts Chromium, with an error that says how to install it when it is missing.
 * @param options
 *   `disableFeatures`: Chromium features to turn off as well as Playwright's (e.g. `OMNIBOX_WEBUI_FEATURES`).
 */
export async function launchChromium(options: { disableFeatures?: readonly string[] } = {}): Promise<Browser> {
	const args = options.disableFeatures?.length ? [...chromiumLaunchOptions.args, disabledFeaturesFlag(options.disableFeatures)] : chromiumLaunchOptions.args;
	try {
		return await chromium.launch({ ...chromiumLaunchOptions, args });
	} catch (cause) {
		throw new Error(`Could not start Chromium at ${chromiumPath}. Install Debian's chromium (npm run setup does) or set CHROMIUM_PATH.`, { cause });
	}
}
