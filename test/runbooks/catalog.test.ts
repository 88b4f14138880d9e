/** Annotations, specs and German/English parity: errors name file, line and what is allowed. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseAnnotations, parseMeta } from '../../runbooks/annotations.ts';
import { extractSteps, stripComment } from '../../runbooks/extract.ts';
import { loadCatalog } from '../../runbooks/catalog.ts';
import { parseSpec } from '../../runbooks/spec.ts';
import { SKIP_LABELS, SKIP_REASONS } from '../../runbooks/reasons.ts';

/** A project root with the given files. */
function root(files: Record<string, string>): string {
	const dir = mkdtempSync(join(tmpdir(), 'rb-catalog-'));
	for (const [p, text] of Object.entries(files)) {
		mkdirSync(dirname(join(dir, p)), { recursive: true });
		writeFileSync(join(dir, p), text);
	}
	return dir;
}

const page = (body: string) => `---\ntitle: T\n---\n\n${body}\n`;
const block = (meta: string, code: string) => `\`\`\`bash title="maciejpi@nb-vps"${meta ? ` ${meta}` : ''}\n${code}\n\`\`\``;

describe('annotations', () => {
	test.each([
		['test="destructive" exit="nonzero" timeout="2m"', { test: { mode: 'destructive' }, exit: 'nonzero', timeout: 120_000 }],
		['test="skip:lab-gap"', { test: { mode: 'skip', reason: 'lab-gap' } }],
		['test="follow" observe="500ms"', { test: { mode: 'follow' }, observe: 500 }],
		['wait="20s" exit="3"', { wait: 20_000, exit: 3 }],
	])('%s is valid', (meta, value) => {
		expect(parseAnnotations(parseMeta(`title="a@b" ${meta}`))).toEqual({ ok: true, value });
	});
	test.each([
		['test="skip:because"', 'test: expected run, destructive, follow or skip:<reason>'],
		['test="skip"', 'test: expected run'],
		['exit="300"', 'exit: exit status must be 0–255'],
		['exit="maybe"', 'exit: expected an exit status'],
		['timeout="30"', 'timeout: expected a duration'],
		['observe="3s"', 'observe: observe is only allowed with test="follow"'],
		['wait="5s" test="destructive"', 'wait: wait is only allowed on read-only steps'],
		['step="Pg Load"', 'step: expected a kebab-case id'],
	])('%s is refused', (meta, message) => {
		const r = parseAnnotations(parseMeta(`title="a@b" ${meta}`));
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors.join('\n')).toContain(message);
	});
	test('every skip reason has a German and an English label', () => {
		for (const r of SKIP_REASONS) expect(SKIP_LABELS[r].de && SKIP_LABELS[r].en).toBeTruthy();
	});
});

describe('extract', () => {
	test('steps, placeholders, expected lines and a language-neutral hash', () => {
		const en = page(`${block('', 'cd /srv # go there\nexport DUMP=/b/x_YYYYMMDD_HHMMSS.gz\necho <DB_PASSWORD>\ncurl -I http://localhost:5000/\n# Expected: HTTP/1.1 200 OK')}\n\n${block('test="skip:internet"', 'sudo apt update')}`);
		const de = en.replace('# go there', '# dorthin').replace('# Expected:', '# Erwartet:');
		const s = extractSteps(en, 'en.mdx').steps;
		expect(s.map((x) => [x.index, x.line, x.mode, x.reason])).toEqual([[1, 5, 'run', undefined], [2, 13, 'skip', 'internet']]);
		expect(s[0]!.placeholders.sort()).toEqual(['DB_PASSWORD', 'YYYYMMDD_HHMMSS']);
		expect(s[0]!.expected).toEqual([{ line: 10, offset: 4, pattern: 'HTTP/1.1 200 OK' }]);
		expect(extractSteps(de, 'de.mdx').steps[0]!.hash).toBe(s[0]!.hash);
	});
	test.each([
		['echo "a # b" # c', 'echo "a # b"'],
		["echo 'x#y' #z", "echo 'x#y'"],
		['grep -c foo#bar file', 'grep -c foo#bar file'],
		['# only a comment', ''],
	])('stripComment(%s)', (line, out) => expect(stripComment(line)).toBe(out));
	test('more than one follow command in a block is refused', () => {
		const p = extractSteps(page(block('test="follow"', 'tail -f a.log\ntail -f b.log')), 'x.mdx').problems;
		expect(p).toHaveLength(1);
		expect(p[0]).toMatchObject({ file: 'x.mdx', line: 5 });
		expect(p[0]!.message).toContain('2 follow commands (-f) in one block');
	});
});

describe('catalog', () => {
	const rb = 'content/docs/%/est/runbooks/r.mdx';
	test('German and English commands that differ are an error at the German line', () => {
		const dir = root({ [rb.replace('%', 'de')]: page(block('', 'echo eins')), [rb.replace('%', 'en')]: page(block('', 'echo one')) });
		const c = loadCatalog(dir);
		expect(c.problems).toHaveLength(1);
		expect(c.problems[0]).toMatchObject({ file: 'content/docs/de/est/runbooks/r.mdx', line: 5 });
		expect(c.problems[0]!.message).toContain('command differs: “echo eins” ≠ “echo one”');
	});
	test('an unbound placeholder is an error naming the spec to bind it in', () => {
		const text = page(block('', 'psql -c "select 1" <DB_PASSWORD>'));
		const c = loadCatalog(root({ [rb.replace('%', 'de')]: text, [rb.replace('%', 'en')]: text }));
		expect(c.problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
			'content/docs/en/est/runbooks/r.mdx:5: placeholder <DB_PASSWORD> has no lab value: bind it under placeholders: in runbooks/specs/est/runbooks/r.yaml ({ value }, { run } or { secret: { file, key } })',
		]);
	});
	test('a lab gap must name what the twin lacks', () => {
		const text = page(block('test="skip:lab-gap"', 'certbot renew'));
		const c = loadCatalog(root({ [rb.replace('%', 'de')]: text, [rb.replace('%', 'en')]: text }));
		expect(c.problems[0]!.message).toContain('test="skip:lab-gap" needs labGaps."1" in runbooks/specs/est/runbooks/r.yaml');
	});
	test('a page without its translation is an error', () => {
		const c = loadCatalog(root({ [rb.replace('%', 'en')]: page(block('', 'true')) }));
		expect(c.problems[0]!.message).toContain('has no German version');
	});
});

describe('spec', () => {
	test.each([
		['version: 2\n', 'x.yaml:1: version: expected version: 1'],
		['version: 1\nplaceholders:\n  lower: { value: x }\n', 'x.yaml:3: placeholders.lower: expected a placeholder name'],
		['version: 1\nplaceholders:\n  A: { secret: { file: relative, key: A } }\n', 'x.yaml:3: placeholders.A'],
		['version: 1\nchecks:\n  - { after: "1", session: nobody, run: "true" }\n', 'x.yaml:3: checks.0.session: expected user@host'],
		['version: 1\nlabGaps: { "3": short }\n', 'x.yaml:2: labGaps.3: name what the twin lacks'],
		['version: 1\nbogus: 1\n', 'x.yaml:2: bogus'],
		['version: 1\nversion: 1\n', 'x.yaml:2: not valid YAML'],
	])('%j is refused with file:line', (text, message) => {
		expect(() => parseSpec(text, 'x.yaml')).toThrow(message);
	});
});

test('the real content has no problems (annotations, specs, parity), on pages outside the suite neither', () => {
	const c = loadCatalog(join(import.meta.dirname, '..', '..'));
	expect(c.problems).toEqual([]);
	expect(c.warnings).toEqual([]);
	expect(c.runbooks.filter((r) => r.inSuite).length).toBeGreaterThanOrEqual(29);
});
