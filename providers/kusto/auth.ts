/**
 * Who the Kusto client is and where it may send that: a bearer token or an Entra ID credential,
 * and a cluster URI a token may be sent to (https only, the loopback excepted for tests).
 */
import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";

/** The environment variable a pipeline sets to a bearer token for the Kusto cluster. */
export const TOKEN_ENV = "EDGE_FABRIC_KUSTO_TOKEN";

/** How the client authenticates: a bearer token, or an Entra ID credential. */
export type KustoAuth = { kind: "token"; token: string } | { kind: "credential"; credential: TokenCredential; describe: string };

/**
 * The auth to use: an explicit token, else `EDGE_FABRIC_KUSTO_TOKEN`, else `DefaultAzureCredential`
 * (managed identity, workload identity, Azure CLI, ...).
 */
export function resolveAuth(token?: string, env: NodeJS.ProcessEnv = process.env): KustoAuth {
    const chosen = token?.trim() || env[TOKEN_ENV]?.trim();
    if (chosen) {
        return { kind: "token", token: chosen };
    }
    return { kind: "credential", credential: new DefaultAzureCredential(), describe: "DefaultAzureCredential" };
}

/** Rejects URIs a bearer token must not be sent to: anything but https, except the loopback (tests). */
export function validateClusterUri(clusterUri: string): URL {
    let url: URL;
    try {
        url = new URL(clusterUri);
    } catch {
        throw new Error(`cluster URI '${clusterUri}' is not a URL; expected e.g. https://mycluster.westeurope.kusto.windows.net`);
    }
    const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
    if (url.protocol !== "https:" && !(loopback && url.protocol === "http:")) {
        throw new Error(`cluster URI '${clusterUri}' must use https (plain http is accepted only for the loopback)`);
    }
    if (url.search || url.hash || url.username || url.password) {
        throw new Error(`cluster URI '${clusterUri}' must not carry a query, fragment or credentials`);
    }
    return url;
}
