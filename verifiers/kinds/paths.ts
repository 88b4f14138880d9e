/** `paths`: files and directories (type, owner, group, mode). */
import { FindingBuilder, type Kind } from './kind.ts';

/** `755` / `0755` → `0755`. */
export const normaliseMode = (m: string) => m.replace(/^0*(?=[0-7]{3,4}$)/, '').padStart(4, '0');

/** Checks paths. */
export const pathsKind: Kind<'paths'> = {
	kind: 'paths',
	meta: {
		description: 'A path exists with the documented type, owner, group and mode.',
		messages: {
			missing: '{{path}} does not exist on {{host}}.',
			type: '{{path}} on {{host}} is a {{observed}}, documented {{expected}}.',
			owner: '{{path}} on {{host}} is owned by {{observed}}, documented {{expected}}.',
			group: '{{path}} on {{host}} has group {{observed}}, documented {{expected}}.',
			mode: '{{path}} on {{host}} has mode {{observed}}, documented {{expected}}.',
		},
	},
	needs: () => ['stat'],
	compare(f, obs) {
		const v = f.value;
		const b = new FindingBuilder(f, this.meta);
		if (!b.need(obs, 'stat')) return b.out;
		const d = { path: v.path };
		const p = obs.paths?.[v.path];
		if (!p) return b.unverified('probe', `${v.path}: no stat output`).out;
		if (p.exists === 'unknown') return b.unverified('probe', `${v.path} could not be inspected as the SSH user: ${p.message}`).out;
		if (!p.exists) return b.drift('present', 'missing', `${v.type} exists`, '(absent)', d).out;
		if (p.type !== v.type) b.drift('type', 'type', v.type, p.type, d);
		if (v.owner && p.owner !== v.owner) b.drift('owner', 'owner', v.owner, p.owner, d);
		if (v.group && p.group !== v.group) b.drift('group', 'group', v.group, p.group, d);
		if (v.mode && normaliseMode(v.mode) !== normaliseMode(p.mode)) b.drift('mode', 'mode', normaliseMode(v.mode), normaliseMode(p.mode), d);
		return b.done(`${v.path} is a ${p.type}`);
	},
};
