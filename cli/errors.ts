/**
 * Errors the CLI turns into an exit code and a message, never a stack trace. Exit codes: 1 for a user
 * error (bad input, failed check), 2 for a change refused as unsafe (README, "Exit codes").
 */
export class CliError extends Error {
    constructor(
        message: string,
        readonly exitCode: 1 | 2 = 1,
    ) {
        super(message);
        this.name = "CliError";
    }
}

/** A change that would lose data (or is otherwise unsafe) and was not explicitly allowed. */
export class RefusedError extends CliError {
    constructor(message: string) {
        super(message, 2);
        this.name = "RefusedError";
    }
}
