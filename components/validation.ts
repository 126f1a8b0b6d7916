/**
 * The one validation-problem mechanism of the components: every problem in a component's props (or
 * a serving block's config) is collected before anything is registered, so the user sees all of them
 * at once (AWS CDK style) and nothing is half-applied; each names the prop path and the rule. Pure:
 * no Pulumi, no I/O.
 */
import { closest, distance } from "fastest-levenshtein";

/** One broken rule: the path of the offending value (empty for the subject as a whole) and what is wrong. */
export interface Problem {
    /** E.g. `hotPaths[1].filters[0].expression`, `alerts.rules[0].above` or `pages[0].tiles[2] "Latest values"`. */
    path: string;
    message: string;
}

/** Joins a path prefix and relative parts (`alerts` + `rules`, 0 -> `alerts.rules[0]`); empty parts add nothing. */
export function joinPath(prefix: string, ...parts: (string | number)[]): string {
    let path = prefix;
    for (const part of parts) {
        path = typeof part === "number" ? `${path}[${part}]` : path && part ? `${path}.${part}` : path || part;
    }
    return path;
}

/** `a.b[2].c` -> `["a", "b", 2, "c"]`: the segments of a path `joinPath` wrote (e.g. to find it in a YAML file). */
export function splitPath(path: string): (string | number)[] {
    return path
        .split(/\.|(?=\[)/)
        .filter((s) => s !== "")
        .map((s) => (/^\[\d+\]$/.test(s) ? Number(s.slice(1, -1)) : s));
}

/** `<path>: <rule>`, or the rule alone for the subject as a whole. */
export function formatProblem(problem: Problem): string {
    return problem.path ? `${problem.path}: ${problem.message}` : problem.message;
}

/**
 * Thrown when input breaks one or more rules. The message is `<subject>: <path>: <rule>` for one
 * problem, else `<subject>: <n> problems:` and one `  - <path>: <rule>` line per problem.
 */
export class ValidationError extends Error {
    readonly problems: readonly Problem[];
    constructor(
        /** What was checked, e.g. `EventHubsIngestion "plant-a"` or `dashboard "Plant A" is invalid`. */
        readonly subject: string,
        problems: readonly Problem[],
    ) {
        const lines = problems.map(formatProblem);
        super(`${subject}: ${lines.length === 1 ? lines[0] : `${lines.length} problems:\n  - ${lines.join("\n  - ")}`}`);
        this.name = "ValidationError";
        this.problems = problems;
    }

    /** Throws one ValidationError listing `problems` (what a `validate*` function returned), if there are any. */
    static throwIfAny(subject: string, problems: readonly Problem[]): void {
        if (problems.length > 0) {
            throw new ValidationError(subject, problems);
        }
    }

    /** The same error with every path under `prefix` (e.g. the config key the values were read from). */
    under(prefix: string): ValidationError {
        return new ValidationError(this.subject, under(prefix, this.problems));
    }
}

/** `problems` with their paths under `prefix`. */
export function under(prefix: string, problems: readonly Problem[]): Problem[] {
    return problems.map((p) => ({ path: joinPath(prefix, p.path), message: p.message }));
}

/** Collects the problems of one subject (e.g. `EventHubsIngestion "plant-a"`), then throws them together. */
export class Problems {
    private readonly found: Problem[] = [];
    constructor(private readonly subject: string) {}

    /** Every problem recorded so far. */
    get all(): readonly Problem[] {
        return this.found;
    }

    add(path: string, message: string): void {
        this.found.push({ path, message });
    }

    /** Records `problems` (e.g. a check's findings), their paths under `prefix`. */
    addAll(problems: readonly Problem[], prefix = ""): void {
        this.found.push(...under(prefix, problems));
    }

    /** Records `message` under `path` unless `ok`. */
    require(ok: boolean, path: string, message: string): void {
        if (!ok) {
            this.add(path, message);
        }
    }

    /** Checks an optional number is an integer within [min, max]; `source` names where the bounds come from. */
    integerIn(value: number | undefined, path: string, min: number, max: number, source?: string): void {
        if (value === undefined) {
            return;
        }
        const cite = source ? ` (${source})` : "";
        this.require(Number.isInteger(value) && value >= min && value <= max, path, `must be an integer from ${min} to ${max}${cite}, got ${value}`);
    }

    /** Checks an optional number is finite and > 0. */
    positive(value: number | undefined, path: string): void {
        if (value === undefined) {
            return;
        }
        this.require(Number.isFinite(value) && value > 0, path, `must be a number greater than 0, got ${value}`);
    }

    /** Runs `fn`; a ValidationError it throws becomes problems of this subject, their paths under `path`. */
    absorb<T>(path: string, fn: () => T): T | undefined {
        try {
            return fn();
        } catch (err) {
            if (!(err instanceof ValidationError)) {
                throw err;
            }
            this.addAll(err.problems, path);
            return undefined;
        }
    }

    /** Throws a ValidationError listing every recorded problem, if any. */
    throwIfAny(): void {
        ValidationError.throwIfAny(this.subject, this.found);
    }
}

/** ` (did you mean "x"?)` when a known name is close enough to be the intended one; else the known names, when `listKnown`. */
export function didYouMean(given: string, known: readonly string[], listKnown = true): string {
    if (known.length === 0) {
        return "";
    }
    const best = closest(given, known);
    const limit = Math.max(2, Math.floor(best.length / 3));
    if (distance(given.toLowerCase(), best.toLowerCase()) <= limit) {
        return ` (did you mean "${best}"?)`;
    }
    return listKnown ? ` (known: ${known.join(", ")})` : "";
}
