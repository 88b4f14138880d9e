/**
 * Parses inventory YAML text and validates it, with errors that name the file, line
 * and field and say what is allowed. Pure: text in, data (or InventoryError) out.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { InventorySchema, type InventoryFile } from './schema.ts';
import { InventoryError } from './errors.ts';

/** A validated inventory with a way back to source lines. */
export interface ParsedInventory {
	/** The validated data. */
	data: InventoryFile;
	/** Line (1-based) of the value at a path, or of the nearest existing parent. */
	locate: (path: readonly (string | number)[]) => number | undefined;
}

/** Hint shown with every validation error. */
export const INVENTORY_HINT =
	'Fix the inventory file; the format is documented in verifiers/inventory/schema.ts (version, name, knownHosts, identityFile, user, hosts: { id: { address, port, user, jump, sshConfig } }).';

/**
 * Finds the line of the node at a path in a YAML document (the key's line for map
 * entries), falling back to the nearest parent that exists.
 *
 * @param doc
 *   The document.
 * @param counter
 *   Line counter filled while parsing.
 * @param path
 *   Path segments.
 * @returns
 *   1-based line, or `undefined` for an empty document.
 */
function locateIn(doc: Document, counter: LineCounter, path: readonly (string | number)[]): number | undefined {
	let node: unknown = doc.contents;
	let offset = (node as Node | null)?.range?.[0];
	for (const segment of path) {
		if (isMap(node)) {
			const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(segment));
			if (!pair) break;
			offset = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? offset;
			node = pair.value;
		} else if (isSeq(node) && typeof segment === 'number') {
			const item: unknown = node.items[segment];
			if (!item) break;
			node = item;
			offset = (item as Node).range?.[0] ?? offset;
		} else break;
	}
	return offset === undefined ? undefined : counter.linePos(offset).line;
}

/**
 * Formats a path as `hosts.nb-staging.port` (`[0]` for list items).
 *
 * @param path
 *   Path segments.
 * @returns
 *   Display text.
 */
export function formatPath(path: readonly PropertyKey[]): string {
	if (path.length === 0) return '(top level)';
	return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? String(s) : `.${String(s)}`)).join('');
}

/** Largest inventory file accepted, in characters. */
export const MAX_INVENTORY_CHARS = 256 * 1024;

/**
 * Parses and validates inventory YAML.
 *
 * @param text
 *   File content.
 * @param file
 *   File name as shown in messages.
 * @returns
 *   The validated inventory and a locator.
 * @throws
 *   InventoryError listing every problem as `file:line: field: what is wrong/allowed`.
 */
export function parseInventory(text: string, file: string): ParsedInventory {
	// YAML's duplicate-key check is quadratic in the keys of a map: bound the input (thousands of hosts still fit)
	if (text.length > MAX_INVENTORY_CHARS) {
		throw new InventoryError(`Invalid inventory ${file}: larger than ${MAX_INVENTORY_CHARS / 1024} KiB (${Math.ceil(text.length / 1024)} KiB)`, {
			file,
			hint: 'Split the hosts over several targets (one inventory per estate or shard).',
		});
	}
	const counter = new LineCounter();
	const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
	if (doc.errors.length > 0) {
		const problems = doc.errors.map((e) => `  ${file}:${counter.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`);
		const line = doc.errors[0] ? counter.linePos(doc.errors[0].pos[0]).line : undefined;
		throw new InventoryError(`Invalid inventory ${file}: not valid YAML:\n${problems.join('\n')}`, {
			file,
			...(line === undefined ? {} : { line }),
			hint: 'Fix the YAML syntax at the given line (duplicate keys are not allowed).',
		});
	}
	const locate = (path: readonly (string | number)[]) => locateIn(doc, counter, path);
	let value: unknown;
	try {
		value = doc.toJS({ maxAliasCount: 100 }) ?? undefined;
	} catch (cause) {
		// unresolved or excessive aliases (`*x`, billion laughs) only show up here
		throw new InventoryError(`Invalid inventory ${file}: not valid YAML: ${(cause as Error).message}`, {
			file,
			hint: 'Remove the YAML aliases (*name) from the inventory; write the values out.',
			cause,
		});
	}
	const result = InventorySchema.safeParse(value);
	if (!result.success) {
		const problems = result.error.issues.map((issue) => {
			const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
			const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
			const line = locate(keys[0] === undefined ? path : [...path, keys[0]]);
			// a bad record key carries the useful message on its inner issue
			const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
			return { line, text: `  ${file}${line === undefined ? '' : `:${line}`}: ${formatPath(path)}: ${message}` };
		});
		problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
		const first = problems[0]?.line;
		throw new InventoryError(`Invalid inventory ${file}:\n${problems.map((p) => p.text).join('\n')}`, {
			file,
			...(first === undefined ? {} : { line: first }),
			hint: INVENTORY_HINT,
		});
	}
	return { data: result.data, locate };
}
