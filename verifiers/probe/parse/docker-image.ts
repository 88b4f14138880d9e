/** Image reference normalisation shared by the docker parsers and the containers comparator. */

/**
 * Normalises an image reference the way `docker ps` shows it: drops the default registry
 * (`docker.io/`, `index.docker.io/`, `registry-1.docker.io/`) and the `library/` namespace,
 * and adds `:latest` when no tag or digest is given.
 * @param ref
 *   `docker.io/library/postgres:16`, `postgres`, `ghcr.io/x/y:1` …
 */
export function normaliseImage(ref: string): string {
	let r = ref.trim().toLowerCase().replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '');
	if (r.startsWith('library/')) r = r.slice('library/'.length);
	const lastSlash = r.lastIndexOf('/');
	const name = r.slice(lastSlash + 1);
	if (!name.includes(':') && !name.includes('@')) r += ':latest';
	return r;
}
