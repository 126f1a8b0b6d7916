/**
 * Time limits every network call of this package runs under, shared by the Fabric and Kusto
 * clients: a timeout per HTTP request (one attempt) and a total deadline per command (a CLI run,
 * or one operation of a Pulumi dynamic provider), retries and long-running-operation polls
 * included. Each retry is announced (what, why, next wait); the final error says how many
 * attempts were made over how long. TLS certificate failures are never retried: a certificate
 * does not become trusted by asking again.
 */

/** Environment variable: the per-request timeout (`90`, `90s`, `2m`, `500ms`). */
export const REQUEST_TIMEOUT_ENV = "EDGE_FABRIC_REQUEST_TIMEOUT";
/** Environment variable: the total deadline per command (`20m`, `1h`, `900`). */
export const DEADLINE_ENV = "EDGE_FABRIC_DEADLINE";
/** Default per-request timeout: 2 minutes, well above a healthy management call, far below a CI job. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;
/** Default total deadline per command: 20 minutes, inside the 60-minute default job timeout of Azure Pipelines. */
export const DEFAULT_DEADLINE_MS = 1_200_000;

/** Time limits of a client. Durations are in milliseconds. */
export interface TimeoutOptions {
    /** Longest wait for one HTTP answer. Defaults to `$EDGE_FABRIC_REQUEST_TIMEOUT`, else 120000 (2 minutes). */
    requestTimeoutMs?: number;
    /** Longest time one command may take, every retry and poll included. Defaults to `$EDGE_FABRIC_DEADLINE`, else 1200000 (20 minutes). */
    deadlineMs?: number;
    /** Where each retry is announced. Defaults to standard error. */
    log?: (line: string) => void;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A duration in milliseconds from `90` (seconds), `500ms`, `90s`, `5m` or `1h`. `where` names the
 * flag, input or variable the text came from, for the error.
 */
export function parseDuration(text: string, where: string): number {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(text);
    const ms = m ? Number(m[1]) * UNITS[(m[2] ?? "s").toLowerCase()] : NaN;
    if (!Number.isFinite(ms) || ms <= 0) {
        throw new Error(`${where}: "${text}" is not a duration; write seconds (90) or a number with a unit (500ms, 90s, 5m, 1h), greater than zero`);
    }
    return Math.round(ms);
}

/** Problems with a resource's `requestTimeoutSeconds`/`deadlineSeconds` inputs, as `{ property, reason }`. */
export function checkLimitInputs(inputs: { requestTimeoutSeconds?: unknown; deadlineSeconds?: unknown }): { property: string; reason: string }[] {
    return (["requestTimeoutSeconds", "deadlineSeconds"] as const)
        .filter((key) => inputs[key] !== undefined && inputs[key] !== null && !(typeof inputs[key] === "number" && Number.isFinite(inputs[key]) && inputs[key] > 0))
        .map((key) => ({ property: key, reason: `must be a number of seconds greater than zero, got ${JSON.stringify(inputs[key])}` }));
}

/** The effective limits: the options, else the environment, else the defaults. */
export function resolveTimeouts(options: TimeoutOptions, env: NodeJS.ProcessEnv = process.env): { requestTimeoutMs: number; deadlineMs: number } {
    const fromEnv = (name: string): number | undefined => (env[name]?.trim() ? parseDuration(env[name], name) : undefined);
    return {
        requestTimeoutMs: options.requestTimeoutMs ?? fromEnv(REQUEST_TIMEOUT_ENV) ?? DEFAULT_REQUEST_TIMEOUT_MS,
        deadlineMs: options.deadlineMs ?? fromEnv(DEADLINE_ENV) ?? DEFAULT_DEADLINE_MS,
    };
}

/** `1.5 s`, `12 s`, `3.0 min`: how long, for a human. */
export function formatDuration(ms: number): string {
    if (ms < 10_000) {
        return `${(ms / 1000).toFixed(1)} s`;
    }
    return ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 60_000).toFixed(1)} min`;
}

/** The limits ran out: the deadline, or the attempts. The message says how many attempts over how long. */
export class DeadlineExceededError extends Error {
    constructor(message: string, cause?: unknown) {
        super(message, { cause });
        this.name = "DeadlineExceededError";
    }
}

/**
 * The clock of one command: when it started, how many attempts were made, and how much time is
 * left. Waits that were asked for but shortened (tests and the bench scale them to zero) still
 * count, so a deadline is exercised without being waited out.
 */
export class Deadline {
    readonly requestTimeoutMs: number;
    readonly totalMs: number;
    readonly log: (line: string) => void;
    private readonly started: number;
    private skipped: number;
    /** HTTP requests made so far by the command, retries and polls included. */
    attempts: number;
    /** The failure the last announced retry answers, so a deadline that runs out before that retry still names it. */
    private lastFailure: unknown;

    // Fields are set here, not by initializers: Pulumi's function serialization of a dynamic
    // provider drops class field initializers.
    constructor(options: TimeoutOptions = {}, env: NodeJS.ProcessEnv = process.env) {
        this.started = Date.now();
        this.skipped = 0;
        this.attempts = 0;
        this.lastFailure = undefined;
        const limits = resolveTimeouts(options, env);
        this.requestTimeoutMs = limits.requestTimeoutMs;
        this.totalMs = limits.deadlineMs;
        this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    }

    /** Time spent, as if every requested wait had been waited out. */
    spent(): number {
        return Date.now() - this.started + this.skipped;
    }

    remaining(): number {
        return this.totalMs - this.spent();
    }

    /** `3 requests over 4.2 s`: every attempt of every call of the command so far. */
    summary(): string {
        return `${this.attempts} request${this.attempts === 1 ? "" : "s"} over ${formatDuration(this.spent())}`;
    }

    /**
     * Starts one attempt: counts it and returns its timeout (the per-request timeout, cut to what
     * is left of the deadline). Throws `DeadlineExceededError` when nothing is left.
     */
    attempt(what: string, setting: string): number {
        const left = this.remaining();
        if (left <= 0) {
            throw this.exceeded(what, setting, this.lastFailure);
        }
        this.attempts += 1;
        return Math.min(this.requestTimeoutMs, left);
    }

    /** The error for a deadline that ran out while doing `what` (`cause`: the last failure or answer); `setting` says how to raise it. */
    exceeded(what: string, setting: string, cause?: unknown): DeadlineExceededError {
        const text = cause instanceof Error ? cause.message : typeof cause === "string" ? cause : undefined;
        const last = text ? `; last: ${text}` : "";
        return new DeadlineExceededError(`${what}: gave up at the ${formatDuration(this.totalMs)} deadline after ${this.summary()}${last}. Raise it with ${setting}, or check the service's health.`, cause);
    }

    /**
     * Announces a retry of `what` (why, and the wait before it), or throws the deadline error
     * instead when that wait would end past the deadline.
     */
    announce(args: { what: string; why: string; waitMs: number; nextAttempt: number; setting: string; cause?: unknown }): void {
        if (this.spent() + args.waitMs >= this.totalMs) {
            throw this.exceeded(args.what, args.setting, args.cause);
        }
        this.lastFailure = args.cause;
        this.log(`retrying ${args.what} in ${formatDuration(args.waitMs)} (attempt ${args.nextAttempt}): ${args.why}`);
    }

    /** Records a wait of `requestedMs` that really lasted `actualMs` (shortened in tests and the bench). */
    waited(requestedMs: number, actualMs: number): void {
        this.skipped += Math.max(0, requestedMs - actualMs);
    }

    /** Waits `requestedMs` through `sleep` (which may shorten it) and records how long that really took. */
    async sleep(requestedMs: number, sleep: (ms: number) => Promise<void>): Promise<void> {
        const before = Date.now();
        await sleep(requestedMs);
        this.waited(requestedMs, Date.now() - before);
    }
}

/** OpenSSL and Node codes of a TLS handshake or certificate failure (https://nodejs.org/api/errors.html#openssl-error-codes). */
const TLS_CODE = /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|HOSTNAME_MISMATCH$|EPROTO$|ERR_OSSL_)/;

/** The TLS error code of `error` or of an error in its `cause` chain, when it is a TLS failure. */
export function tlsFailure(error: unknown): string | undefined {
    for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
        const code = (e as { code?: unknown }).code;
        if (typeof code === "string" && TLS_CODE.test(code)) {
            return code;
        }
    }
    return undefined;
}

/** What to say about a TLS failure talking to `url`: not retried, and how to fix it. */
export function tlsMessage(url: string, code: string): string {
    return (
        `TLS failure talking to ${new URL(url).host} (${code}): its certificate is not trusted, so the request was not retried. ` +
        "Check the URL; behind a TLS-inspecting proxy, give Node the proxy's CA with NODE_EXTRA_CA_CERTS (https://nodejs.org/api/cli.html#node_extra_ca_certsfile)."
    );
}
