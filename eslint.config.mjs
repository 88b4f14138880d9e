// ESLint flat config for `npm run check`: typescript-eslint with type information over every
// TypeScript file, eslint-plugin-astro for components and pages, and the layering rules:
//   model/            imports neither src/ nor verifiers/ (the shared fact model and report contract);
//   verifiers/        does not import src/, src/ does not import verifiers/ (both import model/);
//   verifiers/kinds/  comparators are pure: no transport, no build-machine probes, no I/O modules.
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Node modules that do I/O; a comparator must not import them. */
const IO_MODULES = ['fs', 'fs/promises', 'child_process', 'net', 'tls', 'dns', 'dns/promises', 'http', 'https', 'dgram'].flatMap((m) => [m, `node:${m}`]);

/**
 * A `no-restricted-imports` rule that forbids relative imports into the given top-level folders.
 * @param {string[]} folders
 *   Top-level folders (`src`, `verifiers`, …).
 * @param {string} why
 *   The message: what to import instead.
 */
function noImportsInto(folders, why) {
	return { regex: `^(\\.\\./)+(${folders.join('|')})/`, message: why };
}

export default tseslint.config(
	{
		ignores: ['dist/**', 'node_modules/**', '.tools/**', '.lab/**', '.astro/**', 'reports/**', 'test/fixtures/**', 'lab/**/*.mjs', 'public/**'],
	},
	js.configs.recommended,
	...tseslint.configs.recommendedTypeChecked,
	...astro.configs.recommended,
	{
		languageOptions: {
			globals: { ...globals.node },
			parserOptions: {
				projectService: { allowDefaultProject: ['eslint.config.mjs', 'astro.config.mjs'] },
				tsconfigRootDir: import.meta.dirname,
				extraFileExtensions: ['.astro'],
			},
		},
		linterOptions: { reportUnusedDisableDirectives: 'error' },
		rules: {
			// unused parameters are allowed when prefixed with _ (callbacks with a fixed signature)
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
		},
	},
	{
		files: ['**/*.mjs', '**/*.js'],
		...tseslint.configs.disableTypeChecked,
	},
	{
		// client scripts of components run in the browser
		files: ['src/components/**/*.js'],
		languageOptions: { globals: { ...globals.browser } },
	},
	{
		// astro-eslint-parser gives template expressions (JSX in `{list.map(…)}`) and `Astro.props`
		// no type information ("error" typed), so the no-unsafe-* rules would flag every template loop.
		// The types of components and pages are checked by `astro check` (scripts/check.sh) instead.
		files: ['**/*.astro'],
		// astro-eslint-parser reads `project` (it warns about `projectService` for every file and falls back to it)
		languageOptions: { parserOptions: { projectService: false, project: true } },
		rules: {
			'@typescript-eslint/no-unsafe-assignment': 'off',
			'@typescript-eslint/no-unsafe-argument': 'off',
			'@typescript-eslint/no-unsafe-call': 'off',
			'@typescript-eslint/no-unsafe-member-access': 'off',
			'@typescript-eslint/no-unsafe-return': 'off',
		},
	},
	{
		files: ['model/**'],
		rules: {
			'no-restricted-imports': ['error', { patterns: [noImportsInto(['src', 'verifiers', 'runbooks', 'lab', 'test', 'bench', 'scripts'], 'model/ is shared by the site and the verifier: it imports neither (move the shared code into model/).')] }],
		},
	},
	{
		files: ['verifiers/**'],
		rules: {
			'no-restricted-imports': ['error', { patterns: [noImportsInto(['src'], 'verifiers/ does not import the site (src/); shared code lives in model/.')] }],
		},
	},
	{
		files: ['src/**'],
		rules: {
			'no-restricted-imports': ['error', { patterns: [noImportsInto(['verifiers'], 'the site (src/) does not import the verifier; shared code lives in model/.')] }],
		},
	},
	{
		files: ['verifiers/kinds/**'],
		rules: {
			'no-restricted-imports': ['error', {
				paths: [...IO_MODULES.map((name) => ({ name, message: 'comparators are pure: the observation is gathered elsewhere.' })), { name: 'ssh2', message: 'comparators are pure: no transport.' }],
				patterns: [
					noImportsInto(['src'], 'verifiers/ does not import the site (src/); shared code lives in model/.'),
					{ regex: '(^|/)(transport|local|runner)/', message: 'comparators are pure: no transport, no build-machine probes, no runner (they receive the observation).' },
					{ regex: '(^|/)probe/(script|quote|sections)\\.ts$', message: 'comparators are pure: the probe script is the runner\'s business.' },
				],
			}],
		},
	},
);
