// lab/fleet/write-inventory.ts — writes .lab/fleet-inventory.yaml (same format as the lab inventory).
// Usage: node write-inventory.ts OUT ID ADDRESS [ID ADDRESS …]   (called by lab/fleet/fleet.sh)
import { writeFileAtomic } from '../../lib/fsutil.ts';
import { renderInventory, type InventoryHost } from '../inventory.ts';

const [out, ...pairs] = process.argv.slice(2);
const hosts: InventoryHost[] = [];
for (let i = 0; i + 1 < pairs.length; i += 2) hosts.push({ id: pairs[i]!, address: pairs[i + 1]!, port: 22 });
if (!out) throw new Error('usage: node lab/fleet/write-inventory.ts OUT ID ADDRESS [ID ADDRESS …]');
writeFileAtomic(out, renderInventory(hosts, { name: 'fleet', knownHosts: 'fleet_known_hosts', generatedBy: 'npm run lab -- fleet up' }));
