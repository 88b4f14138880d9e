/** Atomic file writes (tmp + fsync + rename) for reports and evidence. */
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
 */
export function writeFileAtomic(file: string, text: string): void {
	mkdirSync(dirname(file), { recursive: true });
	const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
	try {
		const fd = openSync(tmp, 'w', 0o644);
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
