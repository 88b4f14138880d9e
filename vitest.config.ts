/// <reference types="vitest/config" />
import { getViteConfig } from 'astro/config';

// getViteConfig loads astro.config.mjs so .astro components and astro:* modules resolve in tests.
// devToolbar off: otherwise rendered HTML carries data-astro-source-* attributes.
export default getViteConfig(
	{
		test: {
			include: ['test/**/*.test.ts'],
			globalSetup: ['test/global-setup.ts'],
			// The lab twins are shared state (drift scenarios mutate them): run files one at a time.
			fileParallelism: false,
			testTimeout: 60_000,
			hookTimeout: 300_000,
			reporters: process.env.CI ? ['verbose'] : ['default'],
		},
	},
	{ devToolbar: { enabled: false } },
);
