/**
 * Test helpers: real SSH public key blobs made with node:crypto, and known_hosts lines.
 */
import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';

/**
 * Encodes an SSH string (uint32 length + bytes).
 *
 * @param data
 *   Bytes or text.
 * @returns
 *   Encoded.
 */
function sshString(data: Buffer | string): Buffer {
	const buf = typeof data === 'string' ? Buffer.from(data) : data;
	const len = Buffer.alloc(4);
	len.writeUInt32BE(buf.length);
	return Buffer.concat([len, buf]);
}

/**
 * Makes a fresh public key blob of a type.
 *
 * @param type
 *   `ssh-ed25519` or `ecdsa-sha2-nistp256`.
 * @returns
 *   The blob.
 */
export function makeBlob(type: 'ssh-ed25519' | 'ecdsa-sha2-nistp256'): Buffer {
	if (type === 'ssh-ed25519') {
		const { publicKey } = generateKeyPairSync('ed25519');
		const jwk = publicKey.export({ format: 'jwk' });
		return Buffer.concat([sshString(type), sshString(Buffer.from(jwk.x ?? '', 'base64url'))]);
	}
	const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
	const jwk = publicKey.export({ format: 'jwk' });
	const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x ?? '', 'base64url'), Buffer.from(jwk.y ?? '', 'base64url')]);
	return Buffer.concat([sshString(type), sshString('nistp256'), sshString(point)]);
}

/**
 * The hashed host field `|1|salt|hmac` for a name.
 *
 * @param name
 *   `host` or `[host]:port`.
 * @returns
 *   The field.
 */
export function hashedHost(name: string): string {
	const salt = randomBytes(20);
	return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

/**
 * A known_hosts line.
 *
 * @param hosts
 *   Host field.
 * @param blob
 *   Key blob.
 * @param marker
 *   Optional marker (`@revoked`).
 * @returns
 *   The line.
 */
export function line(hosts: string, blob: Buffer, marker?: string): string {
	const type = blob.subarray(4, 4 + blob.readUInt32BE(0)).toString();
	return `${marker ? marker + ' ' : ''}${hosts} ${type} ${blob.toString('base64')}`;
}
