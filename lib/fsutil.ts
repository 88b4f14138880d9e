/** The one atomic file write (tmp + fsync + rename): reports, evidence, the lab's generated files, the diagram cache. */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes `text` to `file` atomically: a reader sees the old or the new content, never half
 * (the data is flushed before the rename, so a crash cannot leave an empty file behind the
 * new name either). A failed write leaves no temporary file behind.
 * @param file
 *   Destination.
 * @param text
 *   Content.
 * @param mode
 *   File mode of a new file (default 0644).
 */
export function writeFileAtomic(file: string, text: string, mode = 0o644): void {
	mkdirSync(dirname(file), { recursive: true });
	const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
	try {
		const fd = openSync(tmp, 'w', mode);
		try {
			writeFileSync(fd, text);
			fsyncSync(fd);
		} finally {
			closeSync(fd);
		}
		renameSync(tmp, file);
	} catch (e) {
		rmSync(tmp, { force: true });
		throw e;
	}
}
