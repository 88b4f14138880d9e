/** `sshd`: effective sshd settings (`sshd -T`). */
import { FindingBuilder, sameSet, type Kind } from './kind.ts';

const yesNo = (b: boolean) => (b ? 'yes' : 'no');
/** `without-password` is the old spelling of `prohibit-password`. */
const rootLogin = (s: string | undefined) => (s === 'without-password' ? 'prohibit-password' : s);

/** Checks sshd settings. */
export const sshdKind: Kind<'sshd'> = {
	kind: 'sshd',
	meta: {
		description: 'Effective sshd settings: port, password and public-key authentication, root login, allowed users.',
		messages: {
			setting: 'sshd on {{host}} has {{setting}} {{observed}}, documented {{expected}} (sshd -T).',
		},
	},
	needs: () => ['sshd'],
	compare(f, obs) {
		const v = f.value;
		const b = new FindingBuilder(f, this.meta);
		if (!b.need(obs, 'sshd')) return b.out;
		const s = obs.sshd ?? {};
		const check = (prop: string, setting: string, want: string | undefined, got: string | undefined) => {
			if (want !== undefined && want !== got) b.drift(prop, 'setting', want, got, { setting });
		};
		if (v.port !== undefined) check('port', 'Port', String(v.port), s.port?.split(' ').sort().join(' '));
		if (v.passwordAuthentication !== undefined) check('passwordAuthentication', 'PasswordAuthentication', yesNo(v.passwordAuthentication), s.passwordauthentication);
		if (v.pubkeyAuthentication !== undefined) check('pubkeyAuthentication', 'PubkeyAuthentication', yesNo(v.pubkeyAuthentication), s.pubkeyauthentication);
		if (v.permitRootLogin !== undefined) check('permitRootLogin', 'PermitRootLogin', rootLogin(v.permitRootLogin), rootLogin(s.permitrootlogin));
		if (v.allowUsers !== undefined) {
			const got = (s.allowusers ?? '').split(/\s+/).filter(Boolean);
			if (!sameSet(v.allowUsers, got)) b.drift('allowUsers', 'setting', [...v.allowUsers].sort(), got.sort(), { setting: 'AllowUsers' });
		}
		return b.done(`sshd settings of ${f.host} match`);
	},
};
