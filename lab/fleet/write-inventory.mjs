// lab/fleet/write-inventory.mjs — writes .lab/fleet-inventory.yaml (same format as the lab inventory).
// Usage: node write-inventory.mjs OUT ID ADDRESS [ID ADDRESS …]   (called by lab/fleet/fleet.sh)
import { renameSync, writeFileSync } from 'node:fs';
import { renderInventory } from '../inventory.mjs';

const [out, ...pairs] = process.argv.slice(2);
const hosts = [];
for (let i = 0; i + 1 < pairs.length; i += 2) hosts.push({ id: pairs[i], address: pairs[i + 1], port: 22 });
writeFileSync(`${out}.tmp`, renderInventory(hosts, { name: 'fleet', knownHosts: 'fleet_known_hosts', generatedBy: 'npm run lab -- fleet up' }));
renameSync(`${out}.tmp`, out);
