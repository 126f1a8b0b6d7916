/**
 * Collects every problem in a component's props before anything is registered, so a user sees all of
 * them at once (AWS CDK style) and nothing is half-applied. Pure: no Pulumi, no I/O.
 */

/** One broken rule: the prop path it is about (empty for the subject as a whole) and what is wrong. */
export interface Problem {
    path: string;
    message: string;
}

function line(problem: Problem): string {
    return problem.path ? `${problem.path}: ${problem.message}` : problem.message;
}

/** Thrown when props break a rule; `problems` holds every broken rule, each naming its prop. */
export class RuleViolation extends Error {
    readonly problems: readonly Problem[];
    constructor(subject: string, problems: readonly Problem[]) {
        const lines = problems.map(line);
        super(`${subject}: ${lines.length === 1 ? lines[0] : `${lines.length} problems:\n  - ${lines.join("\n  - ")}`}`);
        this.name = "RuleViolation";
        this.problems = problems;
    }
}

/** A list of problems for one subject (e.g. `EventHubsIngestion "plant-a"`). */
export class Problems {
    private readonly found: Problem[] = [];
    constructor(private readonly subject: string) {}

    /** Records `message` under `path` unless `ok`. */
    require(ok: boolean, path: string, message: string): void {
        if (!ok) {
            this.found.push({ path, message });
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

    /** Runs `fn`; a RuleViolation it throws becomes problems of this subject, their paths under `path`. */
    absorb<T>(path: string, fn: () => T): T | undefined {
        try {
            return fn();
        } catch (err) {
            if (!(err instanceof RuleViolation)) {
                throw err;
            }
            for (const problem of err.problems) {
                this.found.push({ path: [path, problem.path].filter(Boolean).join("."), message: problem.message });
            }
            return undefined;
        }
    }

    /** Throws a RuleViolation listing every recorded problem, if any. */
    throwIfAny(): void {
        if (this.found.length > 0) {
            throw new RuleViolation(this.subject, this.found);
        }
    }
}
