/**
 * Twins only: the runner loads the lab inventory and nothing else, and refuses — before any
 * connection, with no flag or variable to override it — every target that is not the lab and every
 * host (or jump hop) outside the lab network 10.231.0.0/16. The workstation blocks (`dev@local`) run on
 * the workstation twin, a lab host like the others (its own confinement: lab/lib/workstation.sh).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadInventory } from '../verifiers/inventory/load.ts';
import { isAllowed, parseCidrList } from '../verifiers/transport/egress.ts';
import type { Inventory } from '../verifiers/transport/types.ts';

/** The only network the runner may connect to. */
export const LAB_NETWORK = '10.231.0.0/16';

/** Refused target or host (exit 3). */
export class NotLabError extends Error {
	/** Always 'NotLabError'. */
	override name = 'NotLabError';
}

/**
 * Checks the requested target name (from `--target` or `VERIFY_TARGET`).
 * @param requested
 *   Name given by the user, if any.
 * @throws
 *   NotLabError for anything but `lab`.
 */
export function assertLabTarget(requested: string | undefined): void {
	if (requested !== undefined && requested !== 'lab') {
		throw new NotLabError(`runbooks run only against the lab twins; target ${JSON.stringify(requested)} is refused (there is no way to point the runner at other hosts). Start the lab with npm run lab -- up.`);
	}
}

/**
 * Checks every host and jump hop of an inventory: lab name, lab addresses only.
 * @param inv
 *   A loaded inventory.
 * @throws
 *   NotLabError naming the host and address.
 */
export function assertLabInventory(inv: Inventory): void {
	if (inv.name !== 'lab') throw new NotLabError(`inventory ${inv.file} is named ${JSON.stringify(inv.name)}, not lab: runbooks run only against the lab twins`);
	const lab = parseCidrList(LAB_NETWORK);
	for (const [id, h] of Object.entries(inv.hosts)) {
		for (const hop of [...h.jump, h]) {
			if (!isAllowed(hop.address, lab)) throw new NotLabError(`host ${id} (${hop.id}) is at ${hop.address}, outside the lab network ${LAB_NETWORK}: refused before any connection`);
		}
	}
}

/** Session host of the workstation blocks (`dev@local`): the workstation twin (dev-ws) runs them. */
export const WORKSTATION_HOST = 'local';

/**
 * The lab inventory with the workstation twin added under the session host `local` (pure). The
 * workstation inventory (`.lab/workstation.yaml`) must be the lab's and hold exactly one host; the result
 * is checked like the lab's (lab addresses only).
 * @param inv
 *   The lab inventory (documented servers).
 * @param ws
 *   The workstation inventory.
 * @throws
 *   NotLabError when the workstation is not a lab host or the lab inventory already has a host `local`.
 */
export function withWorkstation(inv: Inventory, ws: Inventory): Inventory {
	const hosts = Object.values(ws.hosts);
	const host = hosts[0];
	if (hosts.length !== 1 || !host) throw new NotLabError(`workstation inventory ${ws.file} must hold exactly one host (the workstation twin), found ${hosts.length}`);
	if (inv.hosts[WORKSTATION_HOST]) throw new NotLabError(`inventory ${inv.file} has a host named ${WORKSTATION_HOST}, which is reserved for the workstation twin`);
	assertLabInventory(ws);
	const merged: Inventory = { ...inv, hosts: { ...inv.hosts, [WORKSTATION_HOST]: host } };
	assertLabInventory(merged);
	return merged;
}

/**
 * Loads the lab inventory (`.lab/inventory.yaml`, written by `npm run lab -- up`) and checks it; the
 * workstation twin (`workstation.yaml` next to it, when the lab has one) becomes host `local`.
 * @param root
 *   Project root.
 * @param file
 *   Inventory file (tests only; still checked like the lab's).
 * @param workstationFile
 *   Workstation inventory (tests only; still checked like the lab's).
 */
export async function loadLabInventory(root: string, file = join(root, '.lab/inventory.yaml'), workstationFile = join(dirname(file), 'workstation.yaml')): Promise<Inventory> {
	const inv = await loadInventory(file, { target: 'lab', root });
	assertLabInventory(inv);
	if (!existsSync(workstationFile)) return inv;
	return withWorkstation(inv, await loadInventory(workstationFile, { target: 'lab', root }));
}

/**
 * The inventory with `host` logging in as `user` (jump hops keep their own login).
 * @param inv
 *   The lab inventory.
 * @param host
 *   Host id.
 * @param user
 *   Login user of the session.
 */
export function asUser(inv: Inventory, host: string, user: string): Inventory {
	const h = inv.hosts[host];
	if (!h) return inv;
	return { ...inv, hosts: { ...inv.hosts, [host]: { ...h, user } } };
}
