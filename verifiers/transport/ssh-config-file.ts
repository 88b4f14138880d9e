/**
 * The I/O edge of the ssh_config parser: reads a config file and expands `Include`
 * globs (relative paths are relative to `~/.ssh`, as in OpenSSH), recursively, with a
 * depth limit. Never runs anything.
 */
import { readFileSync, globSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parseSshConfig, type SshConfigItem } from './ssh-config.ts';

/** OpenSSH's include depth limit. */
const MAX_INCLUDE_DEPTH = 16;

/**
 * Reads and parses an ssh_config file with its Includes expanded.
 *
 * @param file
 *   Absolute path of the config file.
 * @param home
 *   Home directory (Includes are relative to `<home>/.ssh`).
 * @returns
 *   The parsed items; a missing file yields no items.
 * @throws
 *   Error when Includes nest deeper than 16 (a loop).
 */
export function readSshConfig(file: string, home: string, depth = 0): SshConfigItem[] {
	if (depth > MAX_INCLUDE_DEPTH) {
		throw new Error(`ssh_config Include nesting deeper than ${MAX_INCLUDE_DEPTH} at ${file}: check for an Include loop.`);
	}
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch {
		return [];
	}
	const items = parseSshConfig(text, file);
	for (const item of items) {
		if (item.kind !== 'include') continue;
		for (const pattern of item.patterns) {
			const expanded = pattern.startsWith('~/') ? home + pattern.slice(1) : pattern;
			const absolute = isAbsolute(expanded) ? expanded : join(home, '.ssh', expanded);
			const matches = /[*?[]/.test(absolute) ? globSync(absolute).sort() : [absolute];
			for (const match of matches) item.files.push(readSshConfig(match, home, depth + 1));
		}
	}
	return items;
}
