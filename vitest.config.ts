/// <reference types="vitest/config" />
import { getViteConfig } from 'astro/config';
import { ALL_TESTS, SERIAL_TESTS } from './test/projects.ts';

// getViteConfig loads astro.config.mjs so .astro components and astro:* modules resolve in tests.
// devToolbar off: otherwise rendered HTML carries data-astro-source-* attributes.
// Two projects (test/projects.ts): `unit` runs its files in parallel first; `serial` (the lab twins and
// the built sites are shared state: drift scenarios mutate the twins) runs its files one at a time after.
// The global setup starts the lab in the background while the unit tests run; every serial file waits
// for it (test/helpers/lab-ready.ts).
export default getViteConfig(
	{
		test: {
			globalSetup: ['test/global-setup.ts'],
			testTimeout: 60_000,
			hookTimeout: 300_000,
			reporters: process.env.CI ? ['verbose'] : ['default'],
			projects: [
				{
					extends: true,
					test: { name: 'unit', include: [ALL_TESTS], exclude: [...SERIAL_TESTS], sequence: { groupOrder: 0 } },
				},
				{
					extends: true,
					test: {
						name: 'serial',
						include: [...SERIAL_TESTS],
						fileParallelism: false,
						setupFiles: ['test/helpers/lab-ready.ts'],
						sequence: { groupOrder: 1 },
					},
				},
			],
		},
	},
	{ devToolbar: { enabled: false } },
);
