/**
 * The report's commit read from the repository's files: for every layout git itself makes (a branch,
 * packed refs, detached HEAD, a worktree, a subfolder, an unborn branch) the answer is what
 * `git rev-parse HEAD` says, without starting git; layouts the reader does not know go to git.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitCommit, readHeadCommit } from '../../verifiers/git-commit.ts';

let base: string;
/** git with a hermetic configuration (no user or system config of this machine). */
const env: NodeJS.ProcessEnv = { ...process.env, HOME: '', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' };
delete env.GIT_DIR;
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();

/** A repository with one commit on `main` (and a subfolder), made by git. */
function repo(name: string): string {
	const dir = join(base, name);
	mkdirSync(join(dir, 'content', 'docs'), { recursive: true });
	git(dir, 'init', '-q', '-b', 'main');
	writeFileSync(join(dir, 'content', 'docs', 'a.md'), `# ${name}\n`);
	git(dir, 'add', '.');
	git(dir, 'commit', '-q', '-m', name);
	return dir;
}

beforeAll(() => {
	base = mkdtempSync(join(tmpdir(), 'git-commit-'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('readHeadCommit', () => {
	// each case: make the layout with git, return the folder to ask from
	const layouts: [string, () => string][] = [
		['a branch with a loose ref', () => repo('loose')],
		['a subfolder of the work tree', () => join(repo('sub'), 'content', 'docs')],
		['packed refs', () => { const d = repo('packed'); git(d, 'pack-refs', '--all'); return d; }],
		['a detached HEAD', () => { const d = repo('detached'); git(d, 'checkout', '-q', '--detach'); return d; }],
		['a worktree on its own branch (.git is a file, refs in the common folder)', () => {
			const d = repo('main-tree');
			const wt = join(base, 'worktree');
			git(d, 'worktree', 'add', '-q', '-b', 'side', wt);
			writeFileSync(join(wt, 'side.md'), 'side\n');
			git(wt, 'add', '.');
			git(wt, 'commit', '-q', '-m', 'side');
			git(d, 'pack-refs', '--all');
			return wt;
		}],
	];

	it.each(layouts)('%s: the commit git names, without starting git', (_, make) => {
		const dir = make();
		const expected = git(dir, 'rev-parse', 'HEAD');
		expect(expected).toMatch(/^[0-9a-f]{40}$/);
		expect(readHeadCommit(dir)).toBe(expected);
	});

	it('no commit: an unborn branch and a folder outside any repository', async () => {
		const unborn = join(base, 'unborn');
		mkdirSync(unborn);
		git(unborn, 'init', '-q', '-b', 'main');
		const outside = mkdtempSync(join(tmpdir(), 'no-repo-'));
		try {
			expect(readHeadCommit(unborn)).toBeNull();
			expect(readHeadCommit(outside)).toBeNull();
			expect(await gitCommit(unborn, env)).toBeUndefined();
			expect(await gitCommit(outside, env)).toBeUndefined();
		} finally {
			rmSync(outside, { recursive: true, force: true });
		}
	});

	it('a layout it does not know (a symbolic ref chain, GIT_DIR) is asked of git', async () => {
		const d = repo('chain');
		const commit = git(d, 'rev-parse', 'HEAD');
		git(d, 'symbolic-ref', 'refs/heads/alias', 'refs/heads/main');
		git(d, 'symbolic-ref', 'HEAD', 'refs/heads/alias');
		expect(git(d, 'rev-parse', 'HEAD')).toBe(commit);
		expect(readHeadCommit(d)).toBeUndefined();
		expect(await gitCommit(d, env)).toBe(commit);
		// GIT_DIR points git at another repository than the folder's
		const other = repo('other');
		expect(await gitCommit(d, { ...env, GIT_DIR: join(other, '.git') })).toBe(git(other, 'rev-parse', 'HEAD'));
	});
});
