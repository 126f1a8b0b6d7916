/**
 * Reading what the Fabric API answered: the JSON body of a success, the request id the service
 * stamps on every answer (`requestid`, or `x-ms-request-id` behind some gateways), and whether a URL
 * is the loopback (the only place plain http is accepted: tests' fakes).
 */
import type { PipelineResponse } from "@azure/core-rest-pipeline";
import { FabricInvalidAnswerError } from "./errors";

export function isLoopback(url: string): boolean {
    const host = new URL(url).hostname;
    return host === "127.0.0.1" || host === "localhost" || host === "[::1]";
}

/** The JSON body of a successful answer; an answer that is not JSON (an HTML login or proxy page) is an error naming the request. */
export function parseJson<T>(res: PipelineResponse, method: string): T | undefined {
    const text = res.bodyAsText;
    if (!text) {
        return undefined;
    }
    try {
        return JSON.parse(text) as T;
    } catch {
        throw new FabricInvalidAnswerError({ method, url: res.request.url, status: res.status, contentType: res.headers.get("content-type"), text, requestId: requestIdOf(res) });
    }
}

export function requestIdOf(res: PipelineResponse): string | undefined {
    return res.headers.get("requestid") ?? res.headers.get("x-ms-request-id") ?? undefined;
}
