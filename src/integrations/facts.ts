/**
 * Astro integration: loads the fact store before anything renders and stops the
 * build (or warns in `astro dev`) when facts are invalid, reference unknown hosts,
 * conflict between pages, or are declared in two languages.
 */
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import { fileURLToPath } from 'node:url';
import { formatFactError, loadFactStore } from '../../model/facts/store.ts';

/** The integration. */
export function factsIntegration(): AstroIntegration {
	return {
		name: 'verified-runbooks:facts',
		hooks: {
			'astro:config:setup': ({ config, command, logger }) => {
				const root = fileURLToPath(config.root);
				const started = performance.now();
				const store = loadFactStore(root);
				const log = logger.fork('facts');
				if (store.errors.length) {
					const lines = store.errors.map(formatFactError);
					if (command === 'dev') {
						for (const l of lines) log.warn(l);
						return;
					}
					throw new AstroError(
						`${store.errors.length} invalid fact declaration${store.errors.length === 1 ? '' : 's'}:\n  ${lines.join('\n  ')}`,
						'Fix the frontmatter at the lines above. The fact model is documented in model/schemas/ (each field has a comment).',
					);
				}
				log.info(`${store.facts.size} facts on ${store.pages.size} pages checked in ${Math.round(performance.now() - started)} ms`);
			},
		},
	};
}
