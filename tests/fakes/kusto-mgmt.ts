/**
 * A loopback fake of the Kusto REST management endpoint (`POST /v1/rest/mgmt`), for tests through
 * the real `azure-kusto-data` client. It follows the documented protocol: v1 JSON response tables
 * (`{"Tables":[{"TableName","Columns":[{ColumnName,DataType,ColumnType}],"Rows"}]}`), Kusto's error
 * body (`{"error":{code,message,@type,@message,@context,@permanent}}`), `Retry-After` on 429, the
 * `GET /v1/rest/auth/metadata` cloud-info probe the SDK makes once per cluster.
 *
 * It keeps one database's schema and executes the control commands a schema script uses, with its
 * own small command reader (independent of the engine under test): tables and their columns,
 * ingestion mappings, table, view and database policies, functions, materialized views, external
 * tables, continuous exports, drops.
 * `.show database DB schema as csl script` renders that state, one command per row;
 * `.execute database script <| ...` runs commands in order, stops at the first failure (the
 * service's default) and reports every command with `OperationId, CommandType, CommandText, Result,
 * Reason`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";

/** An HTTP failure the fake answers the next management request with. */
export interface FakeFault {
    status: number;
    /** `Retry-After` header value (seconds or HTTP date). */
    retryAfter?: string;
    /** Kusto's `@permanent` flag; default: false for 429/5xx, true otherwise. */
    permanent?: boolean;
    code?: string;
    message?: string;
}

/** A command that fails when executed: the first whose text matches. */
export interface CommandFailure {
    match: RegExp;
    reason: string;
}

interface Column {
    name: string;
    type: string;
}

interface Table {
    name: string;
    columns: Column[];
    /** `with (...)` properties as received, e.g. folder -> `"Medallion"`. */
    properties: Map<string, string>;
}

/** One database's schema as the fake keeps it. */
export class FakeDatabase {
    readonly tables = new Map<string, Table>();
    /** Functions, materialized views, mappings and policies: the command text that set each, by object key. */
    readonly entries = new Map<string, string>();
    /** The database's managed identity policy as the service keeps it: usages by object id. Not printed by the schema script. */
    readonly managedIdentity = new Map<string, Set<string>>();

    constructor(readonly name: string) {}

    /** Runs one control command; returns the command type, or throws an Error whose message is the Reason. */
    apply(command: string): string {
        const text = command.trim();
        const masked = mask(text);
        const name = String.raw`(\[\s*'[^']*'\s*\]|\[\s*"[^"]*"\s*\]|[A-Za-z_][\w]*)`;
        const str = String.raw`('[^']*'|"[^"]*")`;
        const withClause = String.raw`(?:with\s*\([^)]*\)\s*)?`;
        // Patterns match the masked text; each group is then the original text at the same place (a
        // bracketed name keeps its quotes' content).
        const at = (re: string): RegExpExecArray | null => {
            const r = new RegExp(`^${re}`, "id").exec(masked);
            if (!r?.indices) return null;
            const spans = r.indices;
            return Object.assign(
                [...r].map((g, i) => (g === undefined ? g : text.slice(spans[i][0], spans[i][1]))),
                { index: r.index, input: text, groups: undefined },
            ) as RegExpExecArray;
        };
        let m: RegExpExecArray | null;

        if ((m = at(String.raw`\.(create-merge|create|alter-merge|alter)\s+table\s+${name}\s*\(([^)]*)\)\s*(with\s*\([^)]*\))?\s*$`))) {
            const verb = m[1].toLowerCase();
            const table = ident(m[2]);
            const openParen = masked.indexOf("(", m.index + m[0].indexOf(m[2]) + m[2].length);
            const closeParen = matchingParen(masked, openParen);
            const columns = parseColumns(text.slice(openParen + 1, closeParen));
            const withText = m[4] ?? "";
            this.tableOp(verb, table, columns, withText);
            return { create: "TableCreate", "create-merge": "TableCreateMerge", alter: "TableAlter", "alter-merge": "TableAlterMerge" }[verb] ?? "Table";
        }
        if ((m = at(String.raw`\.(alter-merge|alter)\s+database\s+${name}\s+policy\s+managed_identity\s*\`\`\`([\s\S]*)\`\`\`\s*$`))) {
            if (ident(m[2]) !== this.name) {
                throw new Error(`Database '${ident(m[2])}' was not found.`);
            }
            const open = text.indexOf("```");
            const items = JSON.parse(text.slice(open + 3, text.lastIndexOf("```"))) as { ObjectId: string; AllowedUsages: string }[];
            if (m[1].toLowerCase() === "alter") {
                this.managedIdentity.clear();
            }
            for (const item of items) {
                const usages = this.managedIdentity.get(item.ObjectId) ?? new Set<string>();
                item.AllowedUsages.split(",").forEach((u) => usages.add(u.trim()));
                this.managedIdentity.set(item.ObjectId, usages);
            }
            return "AlterDatabaseManagedIdentityPolicy";
        }
        if ((m = at(String.raw`\.(alter|alter-merge)\s+database\s+${name}\s+policy\s+(\w+)`))) {
            this.requireDatabase(ident(m[2]));
            this.entries.set(`db:policy:${m[3].toLowerCase()}`, text);
            return `Database${cap(m[3])}PolicyAlter`;
        }
        if ((m = at(String.raw`\.delete\s+database\s+${name}\s+policy\s+(\w+)\s*$`))) {
            this.requireDatabase(ident(m[1]));
            this.entries.delete(`db:policy:${m[2].toLowerCase()}`);
            return `Database${cap(m[2])}PolicyDelete`;
        }
        if ((m = at(String.raw`\.drop\s+table\s+${name}\s+columns\s*\(([^)]*)\)\s*$`))) {
            const table = this.table(ident(m[1]));
            const drop = m[2].split(",").map((c) => ident(c.trim()));
            table.columns = table.columns.filter((c) => !drop.includes(c.name));
            return "DropTableColumns";
        }
        if ((m = at(String.raw`\.drop\s+column\s+${name}\s*\.\s*${name}\s*$`))) {
            const table = this.table(ident(m[1]));
            table.columns = table.columns.filter((c) => c.name !== ident(m![2]));
            return "DropColumn";
        }
        if ((m = at(String.raw`\.alter\s+column\s+${name}\s*\.\s*${name}\s+type\s*=\s*(\w+)\s*$`))) {
            const table = this.table(ident(m[1]));
            const column = table.columns.find((c) => c.name === ident(m![2]));
            if (!column) {
                throw new Error(`Column '${ident(m[2])}' was not found in table '${table.name}'`);
            }
            column.type = m[3].toLowerCase();
            return "AlterColumnType";
        }
        if ((m = at(String.raw`\.drop\s+table\s+${name}(\s+ifexists)?\s*$`))) {
            const table = ident(m[1]);
            if (!this.tables.delete(table) && !m[2]) {
                throw new Error(`Entity ID '${table}' of kind 'Table' was not found.`);
            }
            this.dropPrefix(`table:${table}:`);
            return "TableDrop";
        }
        if ((m = at(String.raw`\.(create|create-or-alter)\s+table\s+${name}\s+ingestion\s+(\w+)\s+mapping\s+${str}`))) {
            const table = this.table(ident(m[2])).name;
            this.entries.set(`table:${table}:mapping:${m[3].toLowerCase()}:${unquote(text.slice(m.index + m[0].length - m[4].length, m.index + m[0].length))}`, text);
            return "TableIngestionMappingCreate";
        }
        if ((m = at(String.raw`\.drop\s+table\s+${name}\s+ingestion\s+(\w+)\s+mapping\s+${str}\s*$`))) {
            const key = `table:${ident(m[1])}:mapping:${m[2].toLowerCase()}:${unquote(text.slice(m.index + m[0].trimEnd().length - m[3].length, m.index + m[0].trimEnd().length))}`;
            if (!this.entries.delete(key)) {
                throw new Error(`Ingestion mapping was not found: ${key}`);
            }
            return "TableIngestionMappingDrop";
        }
        if ((m = at(String.raw`\.alter\s+table\s+${name}\s+(folder|docstring)\s+${str}\s*$`))) {
            const table = this.table(ident(m[1]));
            table.properties.set(m[2].toLowerCase(), text.slice(m.index + m[0].trimEnd().length - m[3].length, m.index + m[0].trimEnd().length));
            return m[2].toLowerCase() === "folder" ? "TableFolderAlter" : "TableDocStringAlter";
        }
        if ((m = at(String.raw`\.(alter|alter-merge)\s+table\s+${name}\s+column-docstrings\s*\(`))) {
            const table = this.table(ident(m[2]));
            this.entries.set(`table:${table.name}:column-docstrings`, text);
            return "TableColumnDocStringsAlter";
        }
        if ((m = at(String.raw`\.alter\s+materialized-view\s+${name}\s+(folder|docstring)\s+${str}\s*$`))) {
            this.requireEntity("materialized-view", ident(m[1]));
            this.entries.set(`mv:${ident(m[1])}:${m[2].toLowerCase()}`, text);
            return "MaterializedViewAlterProperty";
        }
        if ((m = at(String.raw`\.(alter|alter-merge)\s+(table|materialized-view)\s+${name}\s+policy\s+(\w+)`))) {
            const kind = m[2].toLowerCase();
            const target = ident(m[3]);
            this.requireEntity(kind, target);
            this.entries.set(`${kind === "table" ? "table" : "mv"}:${target}:policy:${m[4].toLowerCase()}`, text);
            return `${cap(m[4])}PolicyAlter`;
        }
        if ((m = at(String.raw`\.delete\s+(table|materialized-view)\s+${name}\s+policy\s+(\w+)\s*$`))) {
            this.entries.delete(`${m[1].toLowerCase() === "table" ? "table" : "mv"}:${ident(m[2])}:policy:${m[3].toLowerCase()}`);
            return `${cap(m[3])}PolicyDelete`;
        }
        if ((m = at(String.raw`\.(create|create-or-alter|alter)\s+function\s+${withClause}${name}\s*\(`))) {
            this.entries.set(`function:${ident(m[2])}`, text);
            return "FunctionCreateOrAlter";
        }
        if ((m = at(String.raw`\.drop\s+function\s+${name}(\s+ifexists)?\s*$`))) {
            if (!this.entries.delete(`function:${ident(m[1])}`) && !m[2]) {
                throw new Error(`Function '${ident(m[1])}' was not found.`);
            }
            return "FunctionDrop";
        }
        if ((m = at(String.raw`\.(create|create-or-alter|alter)\s+(?:async\s+)?materialized-view\s+${withClause}${name}\s+on\s+table\s+${name}`))) {
            this.table(ident(m[3]));
            this.entries.set(`mv:${ident(m[2])}`, text);
            return "MaterializedViewCreateOrAlter";
        }
        if ((m = at(String.raw`\.drop\s+materialized-view\s+${name}(\s+ifexists)?\s*$`))) {
            const view = ident(m[1]);
            if (!this.entries.delete(`mv:${view}`) && !m[2]) {
                throw new Error(`Materialized view '${view}' was not found.`);
            }
            this.dropPrefix(`mv:${view}:`);
            return "MaterializedViewDrop";
        }
        if ((m = at(String.raw`\.(create|create-or-alter|alter)\s+external\s+table\s+${name}\s*\(`))) {
            this.entries.set(`external:${ident(m[2])}`, text);
            return "ExternalTableCreateOrAlter";
        }
        if ((m = at(String.raw`\.drop\s+external\s+table\s+${name}\s*$`))) {
            if (!this.entries.delete(`external:${ident(m[1])}`)) {
                throw new Error(`External table '${ident(m[1])}' was not found.`);
            }
            return "ExternalTableDrop";
        }
        if ((m = at(String.raw`\.create-or-alter\s+continuous-export\s+${name}\s.*?\bto\s+table\s+${name}`))) {
            if (!this.entries.has(`external:${ident(m[2])}`)) {
                throw new Error(`External table '${ident(m[2])}' was not found.`);
            }
            this.entries.set(`export:${ident(m[1])}`, text);
            return "ContinuousExportCreateOrAlter";
        }
        if ((m = at(String.raw`\.drop\s+continuous-export\s+${name}\s*$`))) {
            if (!this.entries.delete(`export:${ident(m[1])}`)) {
                throw new Error(`Continuous export '${ident(m[1])}' was not found.`);
            }
            return "ContinuousExportDrop";
        }
        throw new Error(`Syntax error: the fake Kusto service does not know the command '${text.split("\n")[0]}'`);
    }

    /** The schema as `.show database schema as csl script` prints it, one command per entry. */
    script(): string[] {
        const tables = [...this.tables.values()].map(
            (t) =>
                `.create-merge table ${bracket(t.name)} (${t.columns.map((c) => `${bracket(c.name)}:${c.type}`).join(", ")})${
                    t.properties.size ? ` with (${[...t.properties].map(([k, v]) => `${k} = ${v}`).join(", ")})` : ""
                }`,
        );
        const byPrefix = (prefix: string) => [...this.entries].filter(([key]) => key.startsWith(prefix)).map(([, text]) => text);
        return [...tables, ...byPrefix("function:"), ...byPrefix("table:"), ...byPrefix("mv:").filter((t) => !/^\.alter/i.test(t)), ...byPrefix("mv:").filter((t) => /^\.alter/i.test(t)), ...byPrefix("external:"), ...byPrefix("export:"), ...byPrefix("db:")];
    }

    /** `.show database DB policy managed_identity`'s Policy column, with the properties the service fills in. */
    managedIdentityPolicy(): string {
        const entries = [...this.managedIdentity].map(([id, usages]) => ({ ObjectId: id, ClientId: null, TenantId: null, DisplayName: id === "system" ? "System Managed Identity" : id, IsSystem: id === "system", AllowedUsages: [...usages].join(", ") }));
        return entries.length ? JSON.stringify(entries) : "null";
    }

    /** A table's columns as `name:type` strings (for assertions). */
    columns(table: string): string[] | undefined {
        return this.tables.get(table)?.columns.map((c) => `${c.name}:${c.type}`);
    }

    private tableOp(verb: string, name: string, columns: Column[], withText: string): void {
        const existing = this.tables.get(name);
        if (verb === "alter" || !existing) {
            if (verb.startsWith("alter") && !existing) {
                throw new Error(`Entity ID '${name}' of kind 'Table' was not found.`);
            }
            this.tables.set(name, { name, columns, properties: withText ? parseWith(withText) : (existing?.properties ?? new Map<string, string>()) });
            return;
        }
        for (const column of columns) {
            const current = existing.columns.find((c) => c.name === column.name);
            if (current && current.type !== column.type) {
                throw new Error(`Column '${column.name}' already exists in table '${name}' with type '${current.type}', cannot change it to '${column.type}' with .${verb}`);
            }
            if (!current) {
                if (verb === "create") {
                    throw new Error(`Table '${name}' already exists with a different schema`);
                }
                existing.columns.push(column);
            }
        }
        for (const [key, value] of parseWith(withText)) {
            existing.properties.set(key, value);
        }
    }

    private table(name: string): Table {
        const table = this.tables.get(name);
        if (!table) {
            throw new Error(`Entity ID '${name}' of kind 'Table' was not found.`);
        }
        return table;
    }

    private requireDatabase(name: string): void {
        if (name !== this.name) {
            throw new Error(`Database '${name}' was not found.`);
        }
    }

    private requireEntity(kind: string, name: string): void {
        if (kind === "table") {
            this.table(name);
        } else if (!this.entries.has(`mv:${name}`)) {
            throw new Error(`Materialized view '${name}' was not found.`);
        }
    }

    private dropPrefix(prefix: string): void {
        for (const key of [...this.entries.keys()]) {
            if (key.startsWith(prefix)) {
                this.entries.delete(key);
            }
        }
    }
}

/** The running fake: one cluster, one database, a bearer token it accepts. */
export class FakeKusto {
    /** Every management request, in order: what was asked and how it was answered. */
    readonly requests: { db: string; csl: string; status: number }[] = [];
    metadataRequests = 0;
    /** Answered, one per management request, before the request is looked at. */
    readonly faults: FakeFault[] = [];
    readonly failures: CommandFailure[] = [];
    readonly db: FakeDatabase;

    private constructor(
        private readonly server: Server,
        readonly url: string,
        readonly token: string,
        database: string,
    ) {
        this.db = new FakeDatabase(database);
    }

    static async start(options: { database: string; token?: string; script?: string }): Promise<FakeKusto> {
        const holder: { fake?: FakeKusto } = {};
        const server = createServer((req, res) => {
            void holder.fake?.handle(req, res);
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const port = (server.address() as AddressInfo).port;
        const fake = new FakeKusto(server, `http://127.0.0.1:${port}`, options.token ?? "test-token-not-secret", options.database);
        holder.fake = fake;
        if (options.script) {
            for (const command of splitScript(options.script)) {
                fake.db.apply(command);
            }
        }
        return fake;
    }

    /** Management requests that read the schema / executed a script. */
    get shows(): number {
        return this.requests.filter((r) => /^\.show\b/i.test(r.csl)).length;
    }
    get executes(): number {
        return this.requests.filter((r) => /^\.execute\b/i.test(r.csl)).length;
    }

    async close(): Promise<void> {
        this.server.closeAllConnections();
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }

    private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const chunks: Buffer[] = [];
        for await (const chunk of req) {
            chunks.push(chunk as Buffer);
        }
        const activityId = randomUUID();
        res.setHeader("x-ms-activity-id", activityId);
        if (req.method === "GET" && req.url === "/v1/rest/auth/metadata") {
            this.metadataRequests++;
            return send(res, 200, {
                AzureAD: {
                    LoginEndpoint: "https://login.microsoftonline.com",
                    LoginMfaRequired: false,
                    KustoClientAppId: "db662dc1-0cfe-4e1c-a843-19a68e65be58",
                    KustoClientRedirectUri: "https://microsoft/kustoclient",
                    KustoServiceResourceId: "https://kusto.kusto.windows.net",
                    FirstPartyAuthorityUrl: "https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a",
                },
            });
        }
        if (req.method !== "POST" || req.url !== "/v1/rest/mgmt") {
            return send(res, 404, errorBody("NotFound", `No route for ${req.method} ${req.url}`, activityId, true));
        }
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { db?: string; csl?: string };
        const record = { db: body.db ?? "", csl: (body.csl ?? "").trim(), status: 200 };
        this.requests.push(record);
        const reply = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
            record.status = status;
            for (const [k, v] of Object.entries(headers)) {
                res.setHeader(k, v);
            }
            send(res, status, payload);
        };
        if (req.headers.authorization !== `Bearer ${this.token}`) {
            return reply(401, errorBody("Unauthorized", "The caller is not authenticated", activityId, true));
        }
        const fault = this.faults.shift();
        if (fault) {
            const permanent = fault.permanent ?? !(fault.status === 429 || fault.status >= 500);
            const code = fault.code ?? (fault.status === 429 ? "TooManyRequests" : fault.status >= 500 ? "ServiceError" : "BadRequest");
            return reply(fault.status, errorBody(code, fault.message ?? `Fault injected: ${code}`, activityId, permanent), fault.retryAfter ? { "Retry-After": fault.retryAfter } : {});
        }
        if (record.db !== this.db.name) {
            return reply(400, errorBody("BadRequest_EntityNotFound", `Database '${record.db}' was not found.`, activityId, true));
        }
        const show = /^\.show\s+database\s+(\[\s*'[^']*'\s*\]|[\w]+)\s+schema\s+as\s+csl\s+script\b/i.exec(record.csl);
        if (show) {
            if (ident(show[1]) !== this.db.name) {
                return reply(400, errorBody("BadRequest_EntityNotFound", `Database '${ident(show[1])}' was not found.`, activityId, true));
            }
            return reply(200, v1Table([{ name: "DatabaseSchemaScript", type: "string" }], this.db.script().map((c) => [c])));
        }
        const policy = /^\.show\s+database\s+(\[\s*'[^']*'\s*\]|[\w]+)\s+policy\s+managed_identity\s*$/i.exec(record.csl);
        if (policy && ident(policy[1]) === this.db.name) {
            const columns = ["PolicyName", "EntityName", "Policy", "ChildEntities", "EntityType"].map((name) => ({ name, type: "string" }));
            return reply(200, v1Table(columns, [["ManagedIdentityPolicy", `[${this.db.name}]`, this.db.managedIdentityPolicy(), "", "Database"]]));
        }
        const execute = /^\.execute\s+database\s+script\s*(with\s*\([^)]*\))?\s*<\|/i.exec(record.csl);
        if (execute) {
            return reply(200, v1Table(SCRIPT_COLUMNS, this.execute(record.csl.slice(execute[0].length))));
        }
        if (record.csl.startsWith(".")) {
            // One control command on its own (a function body with blank lines is sent this way): nothing splits it.
            try {
                return reply(200, v1Table([{ name: "CommandType", type: "string" }], [[this.db.apply(record.csl)]]));
            } catch (error) {
                return reply(400, errorBody("BadRequest_SyntaxError", (error as Error).message, activityId, true));
            }
        }
        return reply(400, errorBody("BadRequest_SyntaxError", `Syntax error: unsupported command '${record.csl.split("\n")[0]}'`, activityId, true));
    }

    private execute(script: string): unknown[][] {
        const rows: unknown[][] = [];
        let failed = false;
        for (const command of splitScript(script)) {
            const head = command.split("\n")[0] ?? "";
            if (failed) {
                rows.push([randomUUID(), "", command, "Skipped", "Skipped because a previous command failed"]);
                continue;
            }
            try {
                const injected = this.failures.find((f) => f.match.test(command));
                if (injected) {
                    throw new Error(injected.reason);
                }
                rows.push([randomUUID(), this.db.apply(command), command, "Completed", ""]);
            } catch (error) {
                failed = true;
                rows.push([randomUUID(), head.split(/\s+/).slice(0, 2).join(" "), command, "Failed", (error as Error).message]);
            }
        }
        return rows;
    }
}

const SCRIPT_COLUMNS = [
    { name: "OperationId", type: "guid" },
    { name: "CommandType", type: "string" },
    { name: "CommandText", type: "string" },
    { name: "Result", type: "string" },
    { name: "Reason", type: "string" },
];

const DATA_TYPES: Record<string, string> = { string: "String", guid: "Guid", long: "Int64", bool: "Boolean", datetime: "DateTime" };

function v1Table(columns: { name: string; type: string }[], rows: unknown[][]): unknown {
    return {
        Tables: [{ TableName: "Table_0", Columns: columns.map((c) => ({ ColumnName: c.name, DataType: DATA_TYPES[c.type] ?? "Object", ColumnType: c.type })), Rows: rows }],
    };
}

function errorBody(code: string, message: string, activityId: string, permanent: boolean): unknown {
    return {
        error: {
            code,
            message: permanent ? "Request is invalid and cannot be executed." : "Service is temporarily unable to process the request.",
            "@type": `Kusto.Data.Exceptions.${permanent ? "KustoBadRequestException" : "KustoServiceException"}`,
            "@message": message,
            "@context": { timestamp: new Date().toISOString(), machineName: "fake-kusto", processName: "Kusto.Fake", activityId, activityType: "DN.AdminCommand" },
            "@permanent": permanent,
        },
    };
}

function send(res: ServerResponse, status: number, payload: unknown): void {
    const text = JSON.stringify(payload);
    res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
    res.end(text);
}

/**
 * Replaces the inside of string literals and of `{...}` bodies with `_`, keeping offsets, so the
 * command heads can be matched with simple patterns and the original text sliced at the same places.
 */
export function mask(text: string): string {
    const out = [...text];
    let i = 0;
    let depth = 0;
    while (i < text.length) {
        const ch = text[i];
        if (text.startsWith("```", i)) {
            const end = text.indexOf("```", i + 3);
            const stop = end < 0 ? text.length : end + 3;
            for (let k = i + 3; k < stop - 3; k++) out[k] = "_";
            i = stop;
            continue;
        }
        if (text.startsWith("//", i)) {
            while (i < text.length && text[i] !== "\n") out[i++] = " ";
            continue;
        }
        if (ch === "'" || ch === '"') {
            const verbatim = i > 0 && (text[i - 1] === "@" || text[i - 1] === "h" || text[i - 1] === "H") && !/\w/.test(text[i - 2] ?? "");
            let k = i + 1;
            while (k < text.length && text[k] !== ch) {
                if (text[k] === "\\" && !verbatim) k++;
                k++;
            }
            for (let j = i + 1; j < k && j < text.length; j++) if (text[j] !== "\n") out[j] = "_";
            i = k + 1;
            continue;
        }
        if (ch === "{") depth++;
        else if (ch === "}") depth = Math.max(0, depth - 1);
        else if (depth > 0 && ch !== "\n") out[i] = "_";
        i++;
    }
    return out.join("");
}

/** Splits a script into commands: each starts at a line whose first character is `.`, outside strings and bodies. */
export function splitScript(text: string): string[] {
    // A byte order mark (files saved by Windows tools) is not part of the first command.
    const script = text.replace(/^\uFEFF/, "");
    const masked = mask(script);
    const starts: number[] = [];
    const re = /(^|\n)[ \t]*\./g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(masked))) {
        starts.push(m.index + m[1].length);
    }
    return starts
        .map((start, i) => script.slice(start, starts[i + 1] ?? script.length))
        // Comment lines are not part of a command, except inside a body (`{...}`), which the service keeps as sent.
        .map((command) =>
            (/\{/.test(mask(command)) ? command.replace(/^(?:[ \t]*\/\/[^\n]*\n)+/, "").replace(/(?:\n[ \t]*\/\/[^\n]*)+\s*$/, "") : command.replace(/(^|\n)[ \t]*\/\/[^\n]*/g, "$1")).trim(),
        )
        .filter((command) => command !== "");
}

function matchingParen(text: string, open: number): number {
    let depth = 0;
    for (let i = open; i < text.length; i++) {
        if (text[i] === "(") depth++;
        if (text[i] === ")" && --depth === 0) return i;
    }
    return text.length;
}

function parseColumns(text: string): Column[] {
    return text
        .split(",")
        .map((part) => part.trim())
        .filter((part) => part !== "")
        .map((part) => {
            const colon = part.lastIndexOf(":");
            return { name: ident(part.slice(0, colon).trim()), type: part.slice(colon + 1).trim().toLowerCase() };
        });
}

/** `with (folder = "x", docstring = 'y')` as key -> value text (quotes kept). */
function parseWith(clause: string): Map<string, string> {
    const properties = new Map<string, string>();
    const open = clause.indexOf("(");
    if (open < 0) return properties;
    const inner = clause.slice(open + 1, clause.lastIndexOf(")"));
    const masked = mask(inner);
    let start = 0;
    const parts: string[] = [];
    for (let i = 0; i <= masked.length; i++) {
        if (i === masked.length || masked[i] === ",") {
            parts.push(inner.slice(start, i));
            start = i + 1;
        }
    }
    for (const part of parts) {
        const eq = part.indexOf("=");
        if (eq > 0) properties.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
    }
    return properties;
}

/** A name as the service prints it: bare when it is an identifier, else `['...']`. */
function bracket(name: string): string {
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `['${name.replace(/'/g, "\\'")}']`;
}

function ident(raw: string): string {
    const t = raw.trim();
    const m = /^\[\s*(['"])(.*)\1\s*\]$/.exec(t);
    return m ? m[2] : t;
}

function unquote(raw: string): string {
    return raw.trim().replace(/^['"]|['"]$/g, "");
}

function cap(word: string): string {
    return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}
