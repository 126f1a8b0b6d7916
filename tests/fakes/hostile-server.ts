/**
 * A loopback server that answers the way a broken, slow or malicious endpoint does: it never
 * answers, answers 200 with an HTML page, echoes the request's secrets in an error body, points a
 * `Location` at another host, throttles forever, or serves TLS with a certificate nobody trusts.
 * Tests point the real Fabric and Kusto clients at it and assert what the user is told.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { AddressInfo } from "node:net";

/** What the server does with one request: an answer, or `"hang"` (accept and never answer). */
export type Reply = "hang" | { status: number; headers?: Record<string, string>; body?: string | object };

/** One request as received. */
export interface SeenRequest {
    method: string;
    path: string;
    authorization?: string;
    body: string;
}

const TLS_DIR = path.resolve(__dirname, "..", "..", "..", "tests", "fixtures", "tls");

export class HostileServer {
    readonly requests: SeenRequest[] = [];
    /** The current behaviour; tests replace it between calls. */
    reply: (request: SeenRequest) => Reply = () => ({ status: 200, body: {} });

    private constructor(
        private readonly server: Server,
        readonly url: string,
    ) {}

    /** Starts on 127.0.0.1 on a free port; `tls: true` serves https with a self-signed certificate. */
    static async start(options: { tls?: boolean } = {}): Promise<HostileServer> {
        const holder: { self?: HostileServer } = {};
        const handler = (req: IncomingMessage, res: ServerResponse): void => {
            const chunks: Buffer[] = [];
            req.on("data", (c: Buffer) => chunks.push(c));
            req.on("end", () => holder.self?.answer(req, Buffer.concat(chunks).toString("utf8"), res));
        };
        const server = options.tls
            ? createHttpsServer({ cert: readFileSync(path.join(TLS_DIR, "cert.pem")), key: readFileSync(path.join(TLS_DIR, "key.pem")) }, handler)
            : createHttpServer(handler);
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const { port } = server.address() as AddressInfo;
        holder.self = new HostileServer(server, `${options.tls ? "https" : "http"}://127.0.0.1:${port}`);
        return holder.self;
    }

    private answer(req: IncomingMessage, body: string, res: ServerResponse): void {
        const seen: SeenRequest = { method: req.method ?? "", path: req.url ?? "", authorization: req.headers.authorization, body };
        this.requests.push(seen);
        const reply = this.reply(seen);
        if (reply === "hang") {
            return;
        }
        const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body ?? {});
        const type = typeof reply.body === "string" ? "text/html; charset=utf-8" : "application/json";
        res.writeHead(reply.status, { "content-type": type, ...reply.headers });
        res.end(text);
    }

    /** Stops, cutting the connections a hanging answer left open. */
    async close(): Promise<void> {
        this.server.closeAllConnections();
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }
}
