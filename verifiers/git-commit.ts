/**
 * The git commit the docs were verified at (the report's `commit`), read from the repository's files
 * the way `git rev-parse HEAD` finds it: up from the root to the first `.git` (a folder, or a file
 * `gitdir: …` in a worktree or submodule), its `HEAD`, then the branch's loose ref or its line in
 * `packed-refs` (in the common folder of a worktree). Reading a few small files costs well under a
 * millisecond; starting `git` cost 20–40 ms of the verifier's start on two cores. Layouts this does not
 * know (`GIT_DIR` set, the reftable ref store, anything unexpected) are asked of `git` itself.
 */
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** An object name: SHA-1 (40 hex digits) or SHA-256 (64). */
const OBJECT_NAME = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** Text of a file, or undefined when it cannot be read. */
function readText(path: string): string | undefined {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return undefined;
	}
}

/** The git folder of the work tree holding `root` (searching upwards), or undefined. */
function findGitDir(root: string): string | undefined {
	for (let dir = resolve(root); ; dir = dirname(dir)) {
		const dotGit = join(dir, '.git');
		try {
			if (statSync(dotGit).isDirectory()) return dotGit;
			const m = /^gitdir: (.+)$/m.exec(readText(dotGit) ?? '');
			return m ? resolve(dir, m[1]!.trim()) : undefined;
		} catch {
			// no .git here
		}
		if (dirname(dir) === dir) return undefined;
	}
}

/**
 * The commit `HEAD` names, read from the files of the repository holding `root`.
 * @param root
 *   A folder inside a git work tree.
 * @returns
 *   The commit's object name; `null` when `root` is in no repository or HEAD names no commit yet;
 *   `undefined` when the layout is one this reader does not know (ask `git`).
 */
export function readHeadCommit(root: string): string | null | undefined {
	const gitDir = findGitDir(root);
	if (!gitDir) return null;
	const head = readText(join(gitDir, 'HEAD'))?.trim();
	if (head === undefined) return undefined;
	if (OBJECT_NAME.test(head)) return head; // detached
	const ref = /^ref: (refs\/\S+)$/.exec(head)?.[1];
	if (!ref) return undefined;
	// the reftable store keeps a stub HEAD ("ref: refs/heads/.invalid") and no loose refs
	if (ref === 'refs/heads/.invalid') return undefined;
	const common = resolve(gitDir, readText(join(gitDir, 'commondir'))?.trim() ?? '.');
	for (const dir of new Set([gitDir, common])) {
		const loose = readText(join(dir, ref))?.trim();
		if (loose !== undefined) return OBJECT_NAME.test(loose) ? loose : undefined;
	}
	const packed = readText(join(common, 'packed-refs'));
	for (const line of packed?.split('\n') ?? []) {
		const [name, packedRef] = line.split(' ');
		if (packedRef === ref && name && OBJECT_NAME.test(name)) return name;
	}
	return null; // an unborn branch: no commit yet
}

/**
 * The git commit of the docs, when `root` is in a git work tree (asked once per run).
 * @param root
 *   Project root.
 * @param env
 *   Environment (`GIT_DIR` points git elsewhere: then `git` is asked).
 * @returns
 *   The commit hash, or undefined.
 */
export function gitCommit(root: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
	const read = env.GIT_DIR ? undefined : readHeadCommit(root);
	if (read !== undefined) return Promise.resolve(read ?? undefined);
	return new Promise((done) => {
		execFile('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', timeout: 5000, env }, (error, stdout) => done(error ? undefined : stdout.trim() || undefined));
	});
}
