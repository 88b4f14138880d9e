/** `groups`: groups and their members. */
import { FindingBuilder, type Kind } from './kind.ts';
import { groupsOf } from './users.ts';

/** Checks groups. */
export const groupsKind: Kind<'groups'> = {
	kind: 'groups',
	meta: {
		description: 'A group exists and has the documented members.',
		messages: {
			missing: 'Group {{name}} does not exist on {{host}} (getent group).',
			members: 'Group {{name}} on {{host}} lacks member(s) {{missing}}; members are {{observed}}.',
		},
	},
	needs: () => ['group', 'passwd'],
	compare(f, obs) {
		const v = f.value;
		const b = new FindingBuilder(f, this.meta);
		if (!b.need(obs, 'group') || !b.need(obs, 'passwd')) return b.out;
		const d = { name: v.name };
		const g = obs.groups?.[v.name];
		if (!g) return b.drift('present', 'missing', 'present', '(absent)', d).out;
		const members = Object.keys(obs.users ?? {}).filter((u) => groupsOf(obs, u).includes(v.name)).sort();
		const missing = v.members.filter((m) => !members.includes(m));
		if (missing.length) b.drift('members', 'members', [...v.members].sort(), members, { ...d, missing: missing.join(', ') });
		return b.done(`group ${v.name} exists`);
	},
};
