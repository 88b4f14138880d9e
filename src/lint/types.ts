/**
 * Types shared by the fact lint: the text segments a page is split into, the
 * literals found in them, the findings rules report and the rule contract
 * (ESLint-style `meta` + a pure `check`).
 */
import type { FactIndex } from './fact-index.ts';

/** Where a piece of text comes from. */
export type SegmentKind = 'prose' | 'inline' | 'code';

/** One fenced code block of a page. */
export interface CodeBlock {
	/** Info string language (`bash`, `yaml`, `nginx`, …) or `''`. */
	lang: string;
	/** Host id from `title="user@host-id"`, when that host is declared. */
	host: string | undefined;
	/** The block's lines. */
	lines: string[];
	/** File line of the first content line. */
	firstLine: number;
	/** The block describes a container (Dockerfile/compose): binds inside it are not host sockets. */
	containerContext: boolean;
}

/** One line of text of a page, with its position. */
export interface Segment {
	kind: SegmentKind;
	/** The text of one line (never contains a newline). */
	text: string;
	/** 1-based file line. */
	line: number;
	/** 1-based file column of `text[0]`. */
	column: number;
	/** Host this line talks about (code block title, `ssh user@host`, or a host named on the line). */
	host: string | undefined;
	/** The code block, for `code` segments. */
	block?: CodeBlock;
	/** Index of the line in `block.lines`. */
	blockLine?: number;
	/** The text is expected command output or a comment (`# LISTEN …`, `# Expected: …`). */
	output: boolean;
}

/** Role of an address literal. */
export type AddressRole = 'bind' | 'connect' | 'mention';

/** A literal found in the text. */
export type Literal =
	| { type: 'address'; ip: string; version: 4 | 6; prefix?: number | undefined; port?: number | undefined; role: AddressRole }
	| { type: 'endpoint'; host: string; port: number }
	| { type: 'port'; port: number; protocol: 'tcp' | 'udp'; negated: boolean }
	| { type: 'mapping'; hostIp?: string | undefined; hostPort?: number | undefined; containerPort: number; protocol: 'tcp' | 'udp'; container?: string | undefined }
	| { type: 'container'; name: string }
	| { type: 'network'; name: string; composeLocal: boolean }
	| { type: 'domain'; name: string }
	| { type: 'unit'; name: string }
	| { type: 'image'; ref: string; container?: string }
	| { type: 'token'; name: string };

/** A literal with its text and position. */
export type Located<L extends Literal = Literal> = L & {
	/** The literal exactly as written. */
	raw: string;
	line: number;
	column: number;
	segment: Segment;
};

/** Severity of a finding: errors fail the build, warnings do not. */
export type Severity = 'error' | 'warning';

/** Where a fact is declared. */
export interface DeclaredAt {
	id: string;
	file: string;
	line: number;
}

/** One problem a rule found. */
export interface Finding {
	/** Rule id without the `fact-lint:` prefix, e.g. `bind-contradiction`. */
	ruleId: string;
	severity: Severity;
	line: number;
	column: number;
	/** What is wrong (one sentence, names the literal and the fact). */
	message: string;
	/** How to fix it. */
	fix: string;
	/** The literal as written. */
	actual: string;
	/** What the facts say instead. */
	expected?: string | undefined;
	/** Facts the finding refers to. */
	declared?: DeclaredAt[];
	/** File of the finding (set by the runner). */
	file?: string;
}

/** What a rule sees for one page. */
export interface RuleContext {
	/** Project-relative path of the page. */
	file: string;
	/** Estate of the page (`undefined`: only estate-free rules run). */
	estate: string | undefined;
	/** Facts of the estate, indexed. */
	index: FactIndex;
	segments: Segment[];
	literals: Located[];
	/** Compose service names defined in this page's code blocks. */
	composeServices: ReadonlySet<string>;
	report(finding: Omit<Finding, 'ruleId' | 'file'>): void;
}

/** A lint rule. */
export interface Rule {
	/** kebab-case id, shown as `fact-lint:<id>`. */
	id: string;
	meta: {
		/** One line: what the rule checks. */
		description: string;
		/** Whether the rule needs the page's estate facts. */
		needsEstate: boolean;
	};
	check(context: RuleContext): void;
}
