/**
 * grocery_postgres on gm-vserver runs a real PostgreSQL (lab/images/files/postgres, lab/lib/images.sh): the
 * entrypoint initialised it like the official image (superuser grocery_user, database grocery_db, the seeded
 * grocery tables, socket trust and password-only TCP, uid 999, small shared_buffers), and psql, pg_dump,
 * pg_restore and pg_isready work in the container. Read-only towards grocery_db: the dump/restore round trip
 * goes into a scratch database that the test drops again. The password is read by the container's own shell
 * from its environment: it never appears in a command line here.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, labSkipNotice, labUnavailableReason } from '../helpers/lab.ts';

const skipReason = labUnavailableReason();
labSkipNotice('grocery_postgres (real PostgreSQL in gm-vserver)', skipReason);

/** Runs a shell command inside gm-vserver as root (lab exec); returns status and output. */
function inTwin(cmd: string): { status: number | null; stdout: string; stderr: string } {
	const r = spawnSync(process.execPath, [join(ROOT, 'lab', 'cli.ts'), 'exec', 'gm-vserver', '--', 'bash', '-c', cmd], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
	return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Runs a shell command inside grocery_postgres (as its default user, root) and fails with the output unless it exits 0. */
function inPg(cmd: string): string {
	const r = inTwin(`docker exec grocery_postgres sh -c ${JSON.stringify(cmd).replace(/\$/g, '\\$')}`);
	if (r.status !== 0) throw new Error(`grocery_postgres: '${cmd}' exited ${r.status}\n${r.stderr}\n${r.stdout}`);
	return r.stdout.trim();
}

/** psql -Atc as grocery_user over the socket (trust, as the official image sets it up). */
const sql = (db: string, query: string): string => inPg(`psql -U grocery_user -d ${db} -v ON_ERROR_STOP=1 -Atc "${query}"`);

const SCRATCH = 'pgreal_test_scratch';

(skipReason ? describe.skip : describe)('grocery_postgres: a real PostgreSQL set up by the entrypoint', { timeout: 120_000 }, () => {
	afterAll(() => {
		inTwin(`docker exec grocery_postgres psql -U grocery_user -d postgres -qc 'DROP DATABASE IF EXISTS ${SCRATCH} WITH (FORCE)'`);
	});

	test('psql over the socket as POSTGRES_USER into POSTGRES_DB; grocery_user is the superuser', () => {
		expect(sql('grocery_db', 'SELECT current_user, current_database(), rolsuper FROM pg_roles WHERE rolname = current_user')).toBe('grocery_user|grocery_db|t');
	});

	test('the initdb.d seed is there: seven grocery tables with rows', () => {
		expect(sql('grocery_db', "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'")).toBe(
			'inventory_items,products,recipe_ingredients,recipes,shopping_list_items,shopping_lists,users',
		);
		expect(sql('grocery_db', 'SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM products), (SELECT count(*) FROM recipe_ingredients)')).toBe('3|10|12');
	});

	test('the server runs as postgres (uid 999) and owns PGDATA; the lab keeps shared_buffers small', () => {
		expect(inPg("awk '/^Uid:/ {print $2}' /proc/1/status")).toBe('999');
		expect(inPg('cat /proc/1/comm')).toBe('postgres');
		expect(inPg('stat -c %u:%a /var/lib/postgresql/data')).toBe('999:700');
		expect(sql('grocery_db', 'SHOW shared_buffers')).toBe('16MB');
	});

	test('TCP needs the password (scram-sha-256): refused without it, accepted with POSTGRES_PASSWORD', () => {
		const ip = inPg('hostname -i').split(/\s+/)[0]!;
		expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
		const without = inTwin(`docker exec grocery_postgres psql -h ${ip} -U grocery_user -d grocery_db -w -Atc 'select 1'`);
		expect(without.status).not.toBe(0);
		expect(without.stderr).toMatch(/no password supplied|password authentication failed/);
		expect(inPg(`PGPASSWORD="$POSTGRES_PASSWORD" psql -h ${ip} -U grocery_user -d grocery_db -w -Atc 'SELECT 42'`)).toBe('42');
		expect(sql('grocery_db', "SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid WHERE rolname = 'grocery_user'")).toBe('t');
	});

	test('the real pg_isready answers, and the health check is healthy', () => {
		expect(inPg('pg_isready -U grocery_user -d grocery_db')).toBe('/var/run/postgresql:5432 - accepting connections');
		expect(inTwin("docker inspect -f '{{.State.Health.Status}}' grocery_postgres").stdout.trim()).toBe('healthy');
	});

	test('pg_dump | psql and pg_dump -Fc | pg_restore reproduce grocery_db in a scratch database', () => {
		// one shell in the container (each lab exec costs seconds on a busy machine): fingerprints of the original
		// and of both restores, one per line
		const fp = `psql -U grocery_user -v ON_ERROR_STOP=1 -Atc "SELECT md5(string_agg(p::text, ';' ORDER BY id)) || ' ' || (SELECT count(*) FROM shopping_list_items) FROM products p"`;
		const recreate = `psql -U grocery_user -d postgres -v ON_ERROR_STOP=1 -qc 'DROP DATABASE IF EXISTS ${SCRATCH}' -c 'CREATE DATABASE ${SCRATCH} OWNER grocery_user'`;
		const out = inPg(
			[
				`${fp} -d grocery_db`,
				recreate,
				`pg_dump -U grocery_user grocery_db | psql -U grocery_user -d ${SCRATCH} -v ON_ERROR_STOP=1 -q >/dev/null`,
				`${fp} -d ${SCRATCH}`,
				recreate,
				`pg_dump -Fc -U grocery_user grocery_db | pg_restore -U grocery_user -d ${SCRATCH} --exit-on-error`,
				`${fp} -d ${SCRATCH}`,
			].join(' && '),
		).split('\n');
		expect(out).toHaveLength(3);
		expect(out[0]).toMatch(/^[0-9a-f]{32} 6$/);
		expect(out[1]).toBe(out[0]);
		expect(out[2]).toBe(out[0]);
	}, 180_000);

	test('an open session (pgAdmin) blocks a plain DROP DATABASE; WITH (FORCE), as the runbook drops, ends it', () => {
		sql('postgres', `DROP DATABASE IF EXISTS ${SCRATCH}`);
		sql('postgres', `CREATE DATABASE ${SCRATCH} OWNER grocery_user`);
		inTwin(`docker exec -d grocery_postgres psql -U grocery_user -d ${SCRATCH} -c 'SELECT pg_sleep(60)'`);
		let open = '0';
		for (let i = 0; i < 20 && open === '0'; i++) open = sql('postgres', `SELECT count(*) FROM pg_stat_activity WHERE datname = '${SCRATCH}'`);
		expect(open).toBe('1');
		const plain = inTwin(`docker exec grocery_postgres psql -U grocery_user -d postgres -v ON_ERROR_STOP=1 -c 'DROP DATABASE ${SCRATCH}'`);
		expect(plain.status).not.toBe(0);
		expect(plain.stderr).toContain('is being accessed by other users');
		expect(sql('postgres', `DROP DATABASE ${SCRATCH} WITH (FORCE)`)).toBe('DROP DATABASE');
		expect(sql('postgres', `SELECT count(*) FROM pg_database WHERE datname = '${SCRATCH}'`)).toBe('0');
	});

	test('the image says which PostgreSQL it really is: PG_MAJOR matches the server, whatever the tag', () => {
		const env = inTwin("docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' grocery_postgres").stdout;
		const major = /^PG_MAJOR=(\d+)$/m.exec(env)?.[1];
		expect(major).toBeDefined();
		expect(sql('grocery_db', "SELECT current_setting('server_version_num')::int / 10000")).toBe(major);
		expect(inTwin("docker inspect -f '{{.Config.Image}}' grocery_postgres").stdout.trim()).toBe('docker.io/library/postgres:16');
	});
});
