/**
 * `image-mismatch`: an image reference whose repository is a declared
 * container's image but whose tag differs (`postgres:15` where the container
 * fact says `postgres:16`). A reference without tag means `:latest`.
 */
import type { DeclaredFact } from '../../../model/facts/store.ts';
import { at, where } from '../fact-index.ts';
import type { Rule } from '../types.ts';

/** Repository and tag of an image reference, with Docker Hub defaults removed. */
export function splitImage(ref: string): { repo: string; tag: string } {
	const at_ = ref.indexOf('@');
	const base = at_ >= 0 ? ref.slice(0, at_) : ref;
	const colon = base.lastIndexOf(':');
	const hasTag = colon > base.lastIndexOf('/');
	let repo = hasTag ? base.slice(0, colon) : base;
	const tag = at_ >= 0 ? ref.slice(at_ + 1) : hasTag ? base.slice(colon + 1) : 'latest';
	repo = repo.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '');
	return { repo, tag };
}

export const imageMismatch: Rule = {
	id: 'image-mismatch',
	meta: { description: 'Image references must carry the tag of the container facts.', needsEstate: true },
	check(ctx) {
		const byRepo = new Map<string, DeclaredFact<'containers'>[]>();
		for (const f of [...ctx.index.containers.values()].flat()) {
			if (!f.value.image) continue; // the source names no image
			const { repo } = splitImage(f.value.image);
			byRepo.set(repo, [...(byRepo.get(repo) ?? []), f]);
		}
		for (const l of ctx.literals) {
			if (l.type !== 'image') continue;
			const { repo, tag } = splitImage(l.ref);
			let facts = byRepo.get(repo);
			if (!facts) continue;
			const named = facts.filter((f) => l.segment.text.includes(f.value.name) || f.value.name === l.container);
			if (named.length) facts = named;
			if (facts.some((f) => f.value.image !== undefined && splitImage(f.value.image).tag === tag)) continue;
			const f = facts[0]!;
			ctx.report({
				severity: 'error', line: l.line, column: l.column, actual: l.raw, expected: f.value.image, declared: facts.map(at),
				message: `Image \`${l.raw}\` has tag ${tag}, but the container fact ${f.id} runs ${f.value.image} (declared in ${where(f)})`,
				fix: `Write ${f.value.image} (or <Fact id="${f.id}" field="image" />), or update the fact in ${where(f)} if the image changed.`,
			});
		}
	},
};
