/**
 * The Fabric REST error model (`ErrorResponse` in `microsoft/fabric-rest-api-specs/common/definitions.json`): every
 * failure carries `errorCode`, `message`, the service's `requestId` and optional `moreDetails`, so a
 * user can quote them to Microsoft support or fix the input the message names.
 */

/** One entry of `moreDetails` (`ErrorResponseDetails`). */
export interface FabricErrorDetail {
    errorCode: string;
    message: string;
    relatedResource?: { resourceId: string; resourceType: string };
}

/** The body of a failed call or of a `Failed` long-running operation (`ErrorResponse`). */
export interface FabricErrorBody extends FabricErrorDetail {
    requestId?: string;
    moreDetails?: FabricErrorDetail[];
    isRetriable?: boolean;
}

/** Parses an `ErrorResponse`; anything else (an HTML gateway page, empty body) yields undefined. */
export function parseErrorBody(text: string | null | undefined): FabricErrorBody | undefined {
    if (!text) {
        return undefined;
    }
    try {
        const body = JSON.parse(text) as Partial<FabricErrorBody> | null;
        if (body && typeof body.errorCode === "string") {
            return { ...body, errorCode: body.errorCode, message: typeof body.message === "string" ? body.message : "" };
        }
    } catch {
        // not JSON: the caller reports the status and a snippet of the text instead
    }
    return undefined;
}

/** A failed Fabric REST call, with everything the service said about it. */
export class FabricApiError extends Error {
    readonly status: number;
    readonly errorCode: string;
    readonly requestId?: string;
    readonly moreDetails: FabricErrorDetail[];
    readonly method: string;
    readonly url: string;
    /** The long-running operation that failed, when the error came from one. */
    readonly operationId?: string;
    /** The service's own message, without the context this class adds. */
    readonly serviceMessage: string;
    /** How many attempts were made over how long, e.g. `7 attempts over 41 s`. */
    readonly attempts?: string;

    constructor(args: { status: number; method: string; url: string; body?: FabricErrorBody; text?: string | null; requestId?: string; operationId?: string; hint?: string; attempts?: string }) {
        const errorCode = args.body?.errorCode ?? `HTTP${args.status}`;
        const requestId = args.body?.requestId ?? args.requestId;
        const serviceMessage = args.body?.message ?? (args.text ? args.text.slice(0, 300) : "no response body");
        const details = args.body?.moreDetails ?? [];
        const where = args.operationId ? `long-running operation ${args.operationId} of ${args.method} ${args.url}` : `${args.method} ${args.url}`;
        const parts = [`Fabric API ${where} failed with ${args.status} ${errorCode}: ${serviceMessage}`];
        for (const d of details) {
            parts.push(`  - ${d.errorCode}: ${d.message}${d.relatedResource ? ` (${d.relatedResource.resourceType} ${d.relatedResource.resourceId})` : ""}`);
        }
        if (requestId) {
            parts.push(`  requestId: ${requestId}`);
        }
        if (args.attempts) {
            parts.push(`  after ${args.attempts}`);
        }
        if (args.hint) {
            parts.push(`  ${args.hint}`);
        }
        super(parts.join("\n"));
        this.name = "FabricApiError";
        this.status = args.status;
        this.errorCode = errorCode;
        this.requestId = requestId;
        this.moreDetails = details;
        this.method = args.method;
        this.url = args.url;
        this.operationId = args.operationId;
        this.serviceMessage = serviceMessage;
        this.attempts = args.attempts;
    }

    /** A copy of this error with a hint appended (used when the caller knows how to fix it). */
    withHint(hint: string): FabricApiError {
        return new FabricApiError({
            status: this.status,
            method: this.method,
            url: this.url,
            body: { errorCode: this.errorCode, message: this.serviceMessage, requestId: this.requestId, moreDetails: this.moreDetails },
            operationId: this.operationId,
            attempts: this.attempts,
            hint,
        });
    }
}

/** True for the 404 the service answers for an item or workspace that no longer exists. */
export function isNotFound(err: unknown): boolean {
    return err instanceof FabricApiError && (err.status === 404 || err.errorCode === "ItemNotFound" || err.errorCode === "WorkspaceNotFound" || err.errorCode === "EntityNotFound");
}

/** What `action` resolves to, or undefined when the service answers that its target does not exist (a read of a deleted resource, a repeated delete). */
export async function unlessNotFound<T>(action: Promise<T>): Promise<T | undefined> {
    try {
        return await action;
    } catch (err) {
        if (isNotFound(err)) {
            return undefined;
        }
        throw err;
    }
}

/** Error codes that name a display name still reserved by a recently deleted item: retried, it frees up. */
export const NAME_NOT_AVAILABLE_YET = "ItemDisplayNameNotAvailableYet";
/** A live item holds the name: retrying cannot help, the user must adopt or rename. */
export const NAME_ALREADY_IN_USE = "ItemDisplayNameAlreadyInUse";

/** A long-running operation that did not reach `Succeeded` or `Failed` before the deadline; it may still finish. */
export class FabricTimeoutError extends Error {
    readonly operationId: string;

    constructor(args: { method: string; url: string; operationId: string; timeoutMs: number; attempts: string; setting: string; lastStatus?: string; percentComplete?: number }) {
        const progress = args.lastStatus ? ` (last status ${args.lastStatus}${args.percentComplete !== undefined ? `, ${args.percentComplete}% complete` : ""})` : "";
        super(
            `Fabric long-running operation ${args.operationId} of ${args.method} ${args.url} did not finish within the ${Math.round(args.timeoutMs / 1000)} s deadline${progress}, after ${args.attempts}. ` +
                `It may still complete: run \`pulumi refresh\` before retrying, or raise the deadline with ${args.setting}.`,
        );
        this.name = "FabricTimeoutError";
        this.operationId = args.operationId;
    }
}

/**
 * A successful status whose body is not JSON: an HTML sign-in page, a proxy's or captive portal's
 * answer. Names the request, the status, the content type, the start of the body and the request id.
 */
export class FabricInvalidAnswerError extends Error {
    readonly status: number;
    readonly requestId?: string;

    constructor(args: { method: string; url: string; status: number; contentType?: string; text: string; requestId?: string }) {
        const snippet = args.text.replace(/\s+/g, " ").trim().slice(0, 120);
        super(
            `Fabric API ${args.method} ${args.url} answered ${args.status} with a body that is not JSON (content type ${args.contentType ?? "not given"}): "${snippet}"` +
                `${args.requestId ? `; requestId: ${args.requestId}` : ""}. Something other than the Fabric API answered: check the API base URL and any HTTPS proxy between here and it.`,
        );
        this.name = "FabricInvalidAnswerError";
        this.status = args.status;
        this.requestId = args.requestId;
    }
}
