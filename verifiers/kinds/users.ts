/** `users`: accounts, their supplementary groups and login shell. */
import type { HostObservation } from '../observation.ts';
import { FindingBuilder, type Kind } from './kind.ts';

/** All groups a user is in: the primary group plus every group listing them. */
export function groupsOf(obs: HostObservation, user: string): string[] {
	const u = obs.users?.[user];
	const out = new Set<string>();
	for (const g of Object.values(obs.groups ?? {})) {
		if (g.members.includes(user) || (u && g.gid === u.gid)) out.add(g.name);
	}
	return [...out].sort();
}

/** Checks user accounts. */
export const usersKind: Kind<'users'> = {
	kind: 'users',
	meta: {
		description: 'A user account exists (or not), with the documented groups and shell.',
		messages: {
			missing: 'User {{name}} does not exist on {{host}} (getent passwd).',
			present: 'User {{name}} exists on {{host}} but is documented as removed.',
			groups: 'User {{name}} on {{host}} is not in group(s) {{missing}}; member of {{observed}}.',
			shell: 'User {{name}} on {{host}} has shell {{observed}}, documented {{expected}}.',
		},
	},
	needs: () => ['passwd', 'group'],
	compare(f, obs) {
		const v = f.value;
		const b = new FindingBuilder(f, this.meta);
		if (!b.need(obs, 'passwd') || !b.need(obs, 'group')) return b.out;
		const d = { name: v.name };
		const u = obs.users?.[v.name];
		if (!v.present) return u ? b.drift('present', 'present', 'absent', 'present', d).out : b.done(`user ${v.name} does not exist`);
		if (!u) return b.drift('present', 'missing', 'present', '(absent)', d).out;
		const groups = groupsOf(obs, v.name);
		const missing = v.groups.filter((g) => !groups.includes(g));
		if (missing.length) b.drift('groups', 'groups', [...v.groups].sort(), groups, { ...d, missing: missing.join(', ') });
		if (v.shell && u.shell !== v.shell) b.drift('shell', 'shell', v.shell, u.shell, d);
		return b.done(`user ${v.name} exists`);
	},
};
