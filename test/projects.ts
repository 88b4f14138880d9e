/**
 * Which test files share the lab or the built site and therefore run one at a time (project `serial`);
 * every other test file is a pure unit test and runs in parallel (project `unit`). Used by
 * vitest.config.ts and by test/ci/projects.test.ts, which fails when a file that uses the lab or a
 * build is not listed here.
 */
export const SERIAL_TESTS: readonly string[] = [
	'test/lab/**/*.test.ts',
	'test/e2e/**/*.test.ts',
	'test/**/*.integration.test.ts',
	'test/robustness/load.test.ts',
	'test/security/steal.test.ts',
	'test/verifiers/transport/ssh2-internals.test.ts',
];

/** Every test file. */
export const ALL_TESTS = 'test/**/*.test.ts';
