/** Atomic file writes (tmp + rename) for reports and evidence. */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes `text` to `file` atomically: a reader sees the old or the new content, never half.
 * @param file
 *   Destination.
 * @param text
 *   Content.
 */
export function writeFileAtomic(file: string, text: string): void {
	mkdirSync(dirname(file), { recursive: true });
	const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
	writeFileSync(tmp, text, { mode: 0o644 });
	renameSync(tmp, file);
}
